package io.wharf.load;

import io.wharf.core.ProcFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The open-files limit against the connections a run needs. Java cannot call setrlimit, but on Linux the JVM
 * raises its soft RLIMIT_NOFILE to the hard limit at start-up ({@code -XX:+MaxFDLimit}, on by default), so the
 * soft limit read here from /proc/self/limits is already as high as this process can make it. A run that would
 * not fit is refused before it starts, with the fix in the message, rather than failing a few thousand connects in.
 */
public final class FileLimit {

    /** Descriptors the JVM and the run need besides the sockets: jars, selectors, stdio. */
    public static final int HEADROOM = 256;

    private FileLimit() {
    }

    /** The soft limit on open files, empty where /proc cannot say (not Linux). */
    public static OptionalLong openFiles() {
        return openFiles("self");
    }

    /** Another process's soft limit on open files ({@code /proc/<pid>/limits}). */
    public static OptionalLong openFiles(long pid) {
        return openFiles(Long.toString(pid));
    }

    private static OptionalLong openFiles(String pid) {
        for (String line : ProcFs.read(Path.of("/proc", pid, "limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                if (soft.equals("unlimited")) {
                    return OptionalLong.of(Long.MAX_VALUE);
                }
                try {
                    return OptionalLong.of(Long.parseLong(soft));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    static void check(int connections) throws IOException {
        OptionalLong limit = openFiles();
        if (limit.isPresent() && connections + HEADROOM > limit.getAsLong()) {
            throw new IOException(connections + " connections need about " + (connections + HEADROOM)
                    + " open files, but this process may open " + limit.getAsLong() + " (the hard limit, which the JVM"
                    + " already raised its soft limit to): raise it with 'ulimit -Hn' as root or in"
                    + " /etc/security/limits.conf, or use fewer connections");
        }
    }
}
