package io.wharf.kv.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * SLOWLOG, as Redis's {@code slowlog.c}: commands that ran at least {@code slowlog-log-slower-than} microseconds
 * (negative: none, 0: all), newest first, at most {@code slowlog-max-len} kept. Each entry keeps at most 32
 * arguments of at most 128 bytes, saying how much it left out, as Redis.
 *
 * <p>Threading: under the key space's lock, but for the two settings, which are volatile.
 */
final class SlowLog {

    static final int MAX_ARGS = 32;
    static final int MAX_ARG_LEN = 128;

    record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String addr, byte[] name) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    volatile long slowerThan = 10_000;
    volatile long maxLen = 128;

    void maybeLog(Session s, List<byte[]> args, long micros) {
        if (slowerThan < 0 || micros < slowerThan) {
            return;
        }
        int n = Math.min(args.size(), MAX_ARGS);
        List<byte[]> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (n == MAX_ARGS && i == MAX_ARGS - 1 && args.size() > MAX_ARGS) {
                kept.add(Strings.bytes("... (" + (args.size() - MAX_ARGS + 1) + " more arguments)"));
                break;
            }
            byte[] a = args.get(i);
            if (a.length > MAX_ARG_LEN) {
                byte[] cut = java.util.Arrays.copyOf(a, MAX_ARG_LEN);
                byte[] more = Strings.bytes("... (" + (a.length - MAX_ARG_LEN) + " more bytes)");
                byte[] both = java.util.Arrays.copyOf(cut, cut.length + more.length);
                System.arraycopy(more, 0, both, cut.length, more.length);
                kept.add(both);
            } else {
                kept.add(a);
            }
        }
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, kept,
                ClientCommands.addr(s.address()), s.name()));
        trim();
    }

    private void trim() {
        while (entries.size() > Math.max(0, maxLen)) {
            entries.removeLast();
        }
    }

    List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (count >= 0 && out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    int size() {
        return entries.size();
    }

    void reset() {
        entries.clear();
    }
}
