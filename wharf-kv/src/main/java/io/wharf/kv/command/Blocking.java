package io.wharf.kv.command;

import java.util.List;

/**
 * One session's blocked-command state (BLPOP and the like, Redis's {@code client->bstate}): what it waits for
 * ({@link Waiters.Blocked}, null when not blocked), the two-step block of the handler ({@link #commitBlock}, so that
 * no reply overtakes those before it), the way out for a client that leaves ({@link #leave}), and the flags of a
 * blocked command run again for a ready key ({@link #reprocess}) and of a blocking command inside MULTI/EXEC,
 * which does not block.
 *
 * <p>Threading: set and cleared under the key space's lock; {@link #isBlocked} reads a volatile for the handler's
 * unlocked check; {@link #commitBlock}, {@link #blockedNow} and {@link #leave} take the lock themselves, on the
 * handler thread.
 */
public final class Blocking {

    private final Session session;
    private volatile Waiters.Blocked state;
    private boolean reprocessing;
    private boolean stillBlocked;
    private boolean denyBlocking;

    Blocking(Session session) {
        this.session = session;
    }

    /** True while the last command blocked and has not been served, timed out or unblocked. */
    public boolean isBlocked() {
        return state != null;
    }

    /**
     * After a command blocked and the replies before it have been sent: lets the client be served, trying once at
     * once. True if it stays blocked (the handler keeps the rest of its input until it is served). False if it
     * was served now: its reply is in the session's reply buffer and the handler goes on.
     */
    public boolean commitBlock() {
        KvState kv = session.state();
        List<PubSub.Delivery> out;
        boolean still;
        kv.keyspace().lock().lock();
        try {
            if (state == null) {
                return false;
            }
            still = kv.waiters().commit(session);
            out = kv.takeDeliveries();
        } finally {
            kv.keyspace().lock().unlock();
        }
        for (PubSub.Delivery d : out) {
            d.to().output().push(d.bytes());
        }
        return still;
    }

    /**
     * True if still blocked, read under the lock: when false, the thread that served the client has queued its
     * reply already, so a reply to input that came meanwhile cannot overtake it.
     */
    public boolean blockedNow() {
        KvState kv = session.state();
        kv.keyspace().lock().lock();
        try {
            return state != null;
        } finally {
            kv.keyspace().lock().unlock();
        }
    }

    /**
     * The client left (its input ended, or it passed a limit) while blocked: it leaves every queue now, under the
     * lock, so no later push can pop an element for it, as Redis frees such a client at once.
     */
    public void leave() {
        KvState kv = session.state();
        kv.keyspace().lock().lock();
        try {
            kv.waiters().unblock(session);
        } finally {
            kv.keyspace().lock().unlock();
        }
    }

    /** What the client waits for, or null. */
    Waiters.Blocked state() {
        return state;
    }

    void state(Waiters.Blocked b) {
        this.state = b;
    }

    /** True while a blocked command is run again for a ready key. */
    boolean reprocessing() {
        return reprocessing;
    }

    boolean stillBlocked() {
        return stillBlocked;
    }

    void stillBlocked(boolean yes) {
        stillBlocked = yes;
    }

    /** Inside MULTI/EXEC a blocking command does not block: it answers as if it had timed out. */
    boolean denyBlocking() {
        return denyBlocking;
    }

    void denyBlocking(boolean yes) {
        denyBlocking = yes;
    }

    /** Runs a blocked command again for a ready key, under the lock. */
    void reprocess(Command command, List<byte[]> args) {
        reprocessing = true;
        try {
            session.call(command, args);
        } finally {
            reprocessing = false;
        }
    }
}
