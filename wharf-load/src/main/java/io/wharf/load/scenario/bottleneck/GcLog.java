package io.wharf.load.scenario.bottleneck;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM server's GC pauses, from the unified log it writes with {@code -Xlog:gc:file=FILE}: each call reads what
 * was appended since the last and sums the lines that report a pause ({@code GC(7) Pause Young (Normal) (G1
 * Evacuation Pause) 24M->4M(256M) 3.456ms}; ZGC's and Shenandoah's {@code Pause ...} lines the same way).
 * Concurrent phases are not pauses and are not counted. This was chosen over the JVM's perf counters
 * ({@code hsperfdata}, whose reader is a JDK-internal API) and JFR streaming (an agent in the server): the log is
 * public, cheap and the server's own account. A partial last line is kept for the next call.
 *
 * <p>Threading: one caller at a time (the sampling thread).
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

    /** Pauses since the last read: how many and how long in all. */
    record Pauses(int count, double millis) {
        static final Pauses NONE = new Pauses(-1, -1);
    }

    private final Path file;
    private long offset;
    private String partial = "";

    GcLog(Path file) {
        this.file = file;
    }

    /** Skips what the log holds already (pauses before the run are not the run's). */
    void skipToEnd() {
        offset = file.toFile().length();
        partial = "";
    }

    Pauses read() {
        byte[] fresh;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length < offset) {
                offset = 0; // rotated or rewritten
            }
            fresh = new byte[(int) Math.min(length - offset, 16 << 20)];
            f.seek(offset);
            f.readFully(fresh);
            offset += fresh.length;
        } catch (IOException e) {
            return Pauses.NONE;
        }
        String text = partial + new String(fresh, StandardCharsets.UTF_8);
        int lastNl = text.lastIndexOf('\n');
        partial = lastNl < 0 ? text : text.substring(lastNl + 1);
        return count(lastNl < 0 ? "" : text.substring(0, lastNl));
    }

    static Pauses count(String lines) {
        int n = 0;
        double ms = 0;
        for (String line : lines.split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                n++;
                ms += Double.parseDouble(m.group(1));
            }
        }
        return new Pauses(n, ms);
    }
}
