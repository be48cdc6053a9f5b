package io.wharf.kv.command;

import io.wharf.kv.store.Entry;
import io.wharf.kv.store.Keyspace;

import java.util.List;

/**
 * What one session's commands change, as persistence needs it (Redis's {@code propagate} state of a client):
 * whether the running command recorded its own effect, whether it is a write (so a container shared with a
 * running snapshot is copied before it changes), the AOF offset its reply must wait for, and the {@code MULTI}
 * that opens EXEC's block, written before the first change of the transaction only.
 *
 * <p>Threading: under the key space's lock, on the command path of its session ({@link Call#run}).
 */
final class Effects {

    private static final byte[] MULTI = {'M', 'U', 'L', 'T', 'I'};
    private static final byte[] EXEC = {'E', 'X', 'E', 'C'};

    private enum Block { NONE, PENDING, OPEN }

    private final Keyspace keyspace;
    /** This command recorded its own effect, or said it changed nothing. */
    private boolean propagated;
    private boolean writing;
    /** The last command run recorded a change (its own record, or its arguments as sent): WATCH's signal. */
    private boolean recorded;
    /** The AOF offset this client's replies must wait for under {@code appendfsync always}; 0 for none. */
    private long syncOffset;
    private Block block = Block.NONE;

    Effects(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /**
     * A command starts: a blocking one records only what it propagates when it pops. Returns the state of the
     * command around it (EXEC's, for a nested one), for {@link #end} to restore: packed in a long (the feed's
     * offset, then the two flags in the low bits) so that the command path allocates nothing.
     */
    long begin(Command command) {
        long outer = keyspace.feed().offset() << 2 | (propagated ? 2 : 0) | (writing ? 1 : 0);
        propagated = command.has(Command.BLOCKING);
        writing = command.has(Command.WRITE);
        recorded = false;
        return outer;
    }

    /** The body ended without an error: a write that recorded nothing itself is recorded as it was sent. */
    void completed(int db, List<byte[]> args) {
        if (writing && !propagated) {
            openBlock(db);
            keyspace.feed().record(db, args);
            recorded = true;
        }
    }

    /** The command is over, whatever its end: whatever it recorded, even before an error, is waited for. */
    void end(long outer) {
        propagated = (outer & 2) != 0;
        writing = (outer & 1) != 0;
        long after = keyspace.feed().offset();
        if (after != outer >>> 2) {
            syncOffset = after;
        }
    }

    boolean writing() {
        return writing;
    }

    /** Records {@code argv} as the running command's effect ({@link Session#propagate}). */
    void propagate(int db, List<byte[]> argv) {
        propagated = true;
        recorded = true;
        openBlock(db);
        keyspace.feed().record(db, argv);
    }

    /** The running write changed nothing: it is not recorded. */
    void unchanged() {
        propagated = true;
    }

    /** True if the command that just ran changed something (it recorded an effect). */
    boolean recorded() {
        return recorded;
    }

    long syncOffset() {
        return syncOffset;
    }

    /** Copy on write: the value of {@code e} as a write may change it. */
    Object writable(Entry e) {
        if (writing) {
            keyspace.unshare(e);
        }
        return e.value();
    }

    /** EXEC is about to run its queue: its first change is recorded after a {@code MULTI}. */
    void beginTransaction() {
        block = Block.PENDING;
    }

    /** EXEC ran its queue: a block that was opened ends with {@code EXEC}; one that changed nothing left none. */
    void endTransaction(int db) {
        if (block == Block.OPEN) {
            keyspace.feed().record(db, List.of(EXEC));
        }
        block = Block.NONE;
    }

    private void openBlock(int db) {
        if (block == Block.PENDING) {
            block = Block.OPEN;
            keyspace.feed().record(db, List.of(MULTI));
        }
    }
}
