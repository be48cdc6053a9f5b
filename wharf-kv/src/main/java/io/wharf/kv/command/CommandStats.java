package io.wharf.kv.command;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INFO's {@code commandstats} and {@code errorstats}, as Redis counts them: per command (subcommands by their full
 * name, {@code config|get}) its calls, microseconds, calls refused before running and calls that answered an
 * error; per error code ({@code ERR}, {@code WRONGTYPE}) every error reply. CONFIG RESETSTAT clears them.
 *
 * <p>Threading: thread-safe (calls are counted under the key space's lock, refusals and errors outside it). What
 * only {@link #called} writes (calls, microseconds, failures, and its one-entry cache of the last command's counters)
 * is written and read under the key space's lock, with plain accesses; refusals and errors are atomic.
 */
final class CommandStats {

    private static final class Stat {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong micros = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
    }

    private final Map<String, Stat> commands = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong totalErrors = new AtomicLong();
    /** The counters of the command counted last (pipelines repeat one command); under the key space's lock. */
    private Command lastCommand;
    private Stat lastStat;

    private Stat of(Command c) {
        return commands.computeIfAbsent(c.name(), n -> new Stat());
    }

    void called(Command c, long micros, boolean failed) {
        Stat s = lastStat;
        if (c != lastCommand) {
            s = of(c);
            lastCommand = c;
            lastStat = s;
        }
        s.calls.setPlain(s.calls.getPlain() + 1);
        s.micros.setPlain(s.micros.getPlain() + micros);
        if (failed) {
            s.failed.setPlain(s.failed.getPlain() + 1);
        }
    }

    void rejected(Command c) {
        of(c).rejected.incrementAndGet();
    }

    void error(String code) {
        totalErrors.incrementAndGet();
        errors.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    long totalErrors() {
        return totalErrors.get();
    }

    void reset() {
        lastCommand = null;
        lastStat = null;
        commands.clear();
        errors.clear();
        totalErrors.set(0);
    }

    void commandstats(StringBuilder out) {
        out.append("# Commandstats\r\n");
        for (Map.Entry<String, Stat> e : new TreeMap<>(commands).entrySet()) {
            Stat s = e.getValue();
            long calls = s.calls.get();
            long micros = s.micros.get();
            out.append("cmdstat_").append(e.getKey()).append(":calls=").append(calls).append(",usec=").append(micros)
                    .append(",usec_per_call=")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) micros / calls))
                    .append(",rejected_calls=").append(s.rejected.get()).append(",failed_calls=").append(s.failed.get())
                    .append("\r\n");
        }
    }

    void errorstats(StringBuilder out) {
        out.append("# Errorstats\r\n");
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(errors).entrySet()) {
            out.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue().get()).append("\r\n");
        }
    }
}
