package io.wharf.kv.store;

import java.util.List;

/**
 * Where the effects of writes are recorded, as Redis's {@code propagate}: the append-only file, and the count
 * of changes since the last snapshot. Every call is made holding the key space's lock, so records arrive in
 * the order the changes were made, whichever thread made them.
 *
 * <p>A record is a command that, replayed on the data as it was, makes the same change: deterministic (no
 * relative times, no random picks) and independent of the clock (a replay runs with expiry off, so a key that
 * expired at run time is deleted by the {@code DEL} recorded then).
 *
 * <p>Threading: called under the key space's lock only.
 */
public interface Feed {

    /** Records nothing (no AOF), counting nothing. */
    Feed NONE = (db, argv) -> {
    };

    /** {@code argv} (the command name first) changed database {@code db}. */
    void record(int db, List<byte[]> argv);

    /**
     * Where the record stream ends now (bytes appended to the AOF so far): a client that wrote waits for this
     * offset to be on disk under {@code appendfsync always}. 0 when nothing is appended.
     */
    default long offset() {
        return 0;
    }
}
