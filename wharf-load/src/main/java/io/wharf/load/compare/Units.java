package io.wharf.load.compare;

import java.time.Duration;
import java.util.Locale;

/** Numbers as the tables and the progress bar show them. Stateless. */
final class Units {

    private Units() {
    }

    /** Requests per second, whole: {@code 41,234}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** A latency in microseconds: {@code 87µs}, {@code 1.24ms}, {@code 2.00s}. */
    static String micros(long us) {
        if (us < 1000) {
            return us + "µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", us / 1000.0);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }

    /** A byte count in binary units: {@code 512 B}, {@code 2.1 KiB}, {@code 61.3 MiB}; may be negative. */
    static String bytes(long n) {
        long abs = Math.abs(n);
        if (abs < 1024) {
            return n + " B";
        }
        if (abs < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    /** {@code 1:05} or {@code 1:02:05}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** {@code 1 client}, {@code 10 clients}. */
    static String clients(int n) {
        return String.format(Locale.ROOT, "%,d client%s", n, n == 1 ? "" : "s");
    }
}
