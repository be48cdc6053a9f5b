package io.wharf.kv.persist;

import io.wharf.kv.store.Feed;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@link Feed} of a server with persistence: counts changes (INFO's {@code rdb_changes_since_last_save},
 * the {@code save} rules) and, with {@code appendonly yes}, appends each record to the AOF as a RESP
 * multibulk, preceded by a {@code SELECT} whenever the database differs from the previous record's, as
 * Redis's {@code feedAppendOnlyFile}.
 *
 * <p>Threading: {@link #record}, {@link #attach} and {@link #rotate} are called under the key space's lock.
 */
public final class Propagation implements Feed {

    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private AppendOnlyFile aof;
    private int lastDb = -1;
    /** Atomic because a background save subtracts what it saved without the lock. */
    private final java.util.concurrent.atomic.AtomicLong dirty = new java.util.concurrent.atomic.AtomicLong();
    private final Encoder encoder = new Encoder();

    @Override
    public void record(int db, List<byte[]> argv) {
        dirty.incrementAndGet();
        if (aof == null) {
            return;
        }
        if (db != lastDb) {
            encoder.command(List.of(SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)));
            lastDb = db;
        }
        encoder.command(argv);
        aof.append(encoder.bytes(), 0, encoder.length());
        encoder.reset();
    }

    @Override
    public long offset() {
        return aof == null ? 0 : aof.appended();
    }

    /** Changes since the last successful save. */
    public long dirty() {
        return dirty.get();
    }

    /** A save that began when {@code dirtyAtStart} changes were counted has succeeded. */
    public void saved(long dirtyAtStart) {
        dirty.addAndGet(-dirtyAtStart);
    }

    /** Starts appending to {@code file}. */
    void attach(AppendOnlyFile file) {
        this.aof = file;
        this.lastDb = -1;
    }

    AppendOnlyFile aof() {
        return aof;
    }

    /** Records go to a new incr file from here; its first record selects its database again. */
    void rotate(java.nio.channels.FileChannel next, AppendOnlyFile.Prelude prelude) {
        aof.rotate(next, prelude);
        lastDb = -1;
    }

    /** RESP multibulk encoding of commands into a reused buffer. Threading: one user at a time. */
    static final class Encoder {
        private byte[] buf = new byte[256];
        private int len;

        void command(List<byte[]> argv) {
            header('*', argv.size());
            for (byte[] a : argv) {
                header('$', a.length);
                put(a, 0, a.length);
                crlf();
            }
        }

        private void header(char type, long n) {
            ensure(24);
            buf[len++] = (byte) type;
            String digits = Long.toString(n);
            for (int i = 0; i < digits.length(); i++) {
                buf[len++] = (byte) digits.charAt(i);
            }
            crlf();
        }

        private void crlf() {
            ensure(2);
            buf[len++] = '\r';
            buf[len++] = '\n';
        }

        private void put(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return len;
        }

        void reset() {
            len = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[256];
            }
        }
    }
}
