package io.wharf.load.scenario.bottleneck;

import io.wharf.core.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One look at every thread of a process: its name ({@code comm}, which Linux cuts at 15 characters), the time it
 * has run and the time it has waited for a CPU while runnable, from {@code /proc/PID/task/TID/schedstat}
 * (nanoseconds). Running plus waiting over wall time is how busy a thread was: a thread that wants a whole core
 * shows near 100% even on a machine too loaded to give it one, which CPU time alone would hide. Where schedstat is
 * missing, the run time comes from {@code stat}'s utime + stime and the wait is 0. Immutable.
 */
record ThreadTimes(Map<Long, Times> byTid) {

    /** One thread's totals so far. */
    record Times(String name, long runNanos, long waitNanos) {
    }

    static ThreadTimes of(long pid) {
        Map<Long, Times> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                long tid;
                try {
                    tid = Long.parseLong(task.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                Times t = read(task);
                if (t != null) {
                    out.put(tid, t);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone: no threads
        }
        return new ThreadTimes(out);
    }

    private static Times read(Path task) {
        String stat = ProcFs.read(task.resolve("stat"));
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String name = stat.substring(open + 1, close);
        String[] sched = ProcFs.read(task.resolve("schedstat")).trim().split("\\s+");
        try {
            if (sched.length >= 2) {
                return new Times(name, Long.parseLong(sched[0]), Long.parseLong(sched[1]));
            }
            String[] f = stat.substring(close + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new Times(name, ticks * 10_000_000L, 0);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
