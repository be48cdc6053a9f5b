package io.wharf.bench.http;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads wrk 4's text report (the one {@code wrk --latency} prints) into a {@link WrkResult}. wrk writes times with
 * the units us, ms, s, m, h and sizes with binary prefixes (1 KB = 1024 B); both are converted here.
 */
final class WrkOutput {

    private static final Pattern REQUESTS_PER_SEC = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)\\s*$");
    private static final Pattern TRANSFER_PER_SEC = Pattern.compile("(?m)^Transfer/sec:\\s+([0-9.]+)([KMGTP]?B)\\s*$");
    private static final Pattern TOTALS = Pattern.compile(
            "(?m)^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m|h), [0-9.]+[KMGTP]?B read\\s*$");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)\\s*$");
    private static final Pattern BAD_STATUS = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)\\s*$");

    private static final Map<String, Double> MICROS_PER_UNIT = Map.of(
            "us", 1.0, "ms", 1e3, "s", 1e6, "m", 60e6, "h", 3600e6);
    private static final Map<String, Double> BYTES_PER_UNIT = Map.of(
            "B", 1.0, "KB", 0x1p10, "MB", 0x1p20, "GB", 0x1p30, "TB", 0x1p40, "PB", 0x1p50);

    private WrkOutput() {
    }

    /** Parses wrk's report; fails, quoting what is missing, if this is not one (a usage text, a connect error). */
    static WrkResult parse(String text) {
        Matcher rps = require(REQUESTS_PER_SEC, text, "Requests/sec");
        Matcher transfer = require(TRANSFER_PER_SEC, text, "Transfer/sec");
        Matcher totals = require(TOTALS, text, "'N requests in T'");
        double[] percentiles = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Matcher p = PERCENTILE.matcher(text);
        while (p.find()) {
            int slot = switch (p.group(1)) {
                case "50" -> 0;
                case "75" -> 1;
                case "90" -> 2;
                default -> 3;
            };
            percentiles[slot] = micros(p.group(2), p.group(3));
        }
        Matcher errors = SOCKET_ERRORS.matcher(text);
        WrkResult.SocketErrors socketErrors = errors.find()
                ? new WrkResult.SocketErrors(Long.parseLong(errors.group(1)), Long.parseLong(errors.group(2)),
                        Long.parseLong(errors.group(3)), Long.parseLong(errors.group(4)))
                : WrkResult.SocketErrors.NONE;
        Matcher bad = BAD_STATUS.matcher(text);
        long badStatus = bad.find() ? Long.parseLong(bad.group(1)) : 0;
        return new WrkResult(Long.parseLong(totals.group(1)), micros(totals.group(2), totals.group(3)) / 1e6,
                Double.parseDouble(rps.group(1)),
                Double.parseDouble(transfer.group(1)) * BYTES_PER_UNIT.get(transfer.group(2)),
                percentiles[0], percentiles[1], percentiles[2], percentiles[3], socketErrors, badStatus);
    }

    private static Matcher require(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            String first = text.strip().lines().findFirst().orElse("(no output)");
            throw new IllegalArgumentException("not a wrk report: no " + what + " line (it said: " + first + ")");
        }
        return m;
    }

    private static double micros(String amount, String unit) {
        return Double.parseDouble(amount) * MICROS_PER_UNIT.get(unit.toLowerCase(Locale.ROOT));
    }
}
