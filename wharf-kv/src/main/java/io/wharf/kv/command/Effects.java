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
 * <p>Threading: under the key space's lock, on the command path of its session ({@link Session#call}).
 */
final class Effects {

    private static final byte[] MULTI = {'M', 'U', 'L', 'T', 'I'};
    private static final byte[] EXEC = {'E', 'X', 'E', 'C'};

    private enum Block { NONE, PENDING, OPEN }

    private final Keyspace keyspace;
    /** This command recorded its own effect, or said it changed nothing. */
    private boolean propagated;
    private boolean writing;
    /** The AOF offset this client's replies must wait for under {@code appendfsync always}; 0 for none. */
    private long syncOffset;
    private Block block = Block.NONE;

    Effects(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** The state of the command around a nested one (EXEC's): restored by {@link #end}. */
    record Frame(boolean propagated, boolean writing, long offset) {
    }

    /** A command starts: a blocking one records only what it propagates when it pops. */
    Frame begin(Command command) {
        Frame outer = new Frame(propagated, writing, keyspace.feed().offset());
        propagated = command.flags().contains("blocking");
        writing = command.flags().contains("write");
        return outer;
    }

    /** The body ended without an error: a write that recorded nothing itself is recorded as it was sent. */
    void completed(int db, List<byte[]> args) {
        if (writing && !propagated) {
            openBlock(db);
            keyspace.feed().record(db, args);
        }
    }

    /** The command is over, whatever its end: whatever it recorded, even before an error, is waited for. */
    void end(Frame outer) {
        propagated = outer.propagated();
        writing = outer.writing();
        long after = keyspace.feed().offset();
        if (after != outer.offset()) {
            syncOffset = after;
        }
    }

    boolean writing() {
        return writing;
    }

    /** Records {@code argv} as the running command's effect ({@link Session#propagate}). */
    void propagate(int db, List<byte[]> argv) {
        propagated = true;
        openBlock(db);
        keyspace.feed().record(db, argv);
    }

    /** The running write changed nothing: it is not recorded. */
    void unchanged() {
        propagated = true;
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
