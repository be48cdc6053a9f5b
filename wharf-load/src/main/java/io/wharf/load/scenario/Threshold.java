package io.wharf.load.scenario;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pass/fail rule, as k6 words them: {@code p99 < 20ms}, {@code max <= 1s}, {@code errors < 0.1%},
 * {@code errors == 0}, {@code rate >= 9000/s}; over the whole run ({@code stage} null) or one named stage.
 * Latencies are kept in microseconds, error shares as fractions, rates per second. Immutable.
 */
public record Threshold(String text, String stage, Metric metric, double percentile, Op op, double value,
                        boolean percent, int line) {

    public enum Metric { PERCENTILE, MAX, ERRORS, RATE }

    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double measured, double limit) {
            return switch (this) {
                case LT -> measured < limit;
                case LE -> measured <= limit;
                case GT -> measured > limit;
                case GE -> measured >= limit;
                case EQ -> measured == limit;
            };
        }
    }

    private static final Pattern RULE = Pattern.compile(
            "\\s*(p\\d{1,2}(?:\\.\\d{1,3})?|max|errors|rate)\\s*(<=|>=|==|<|>)\\s*([0-9][0-9_]*(?:\\.[0-9]+)?)\\s*"
                    + "([a-zµ%/]*)\\s*", Pattern.CASE_INSENSITIVE);

    /** Parses {@code text}; what is wrong with it is an IllegalArgumentException worded for the user. */
    public static Threshold parse(String text, String stage, int line) {
        Matcher m = RULE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a threshold: write METRIC OP VALUE, e.g. "
                    + "p99 < 20ms, max < 1s, errors < 0.1%, rate >= 9000/s (metrics: p50, p90, p99, p99.9, max, "
                    + "errors, rate)");
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        Op op = switch (m.group(2)) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            default -> Op.EQ;
        };
        double number = Double.parseDouble(m.group(3).replace("_", ""));
        String unit = m.group(4).toLowerCase(Locale.ROOT);
        if (name.equals("errors")) {
            if (!unit.isEmpty() && !unit.equals("%")) {
                throw new IllegalArgumentException("'" + text + "': errors are a share (0.1%) or a count (10), not "
                        + unit);
            }
            boolean percent = unit.equals("%");
            return new Threshold(text.strip(), stage, Metric.ERRORS, 0, op, percent ? number / 100 : number,
                    percent, line);
        }
        if (name.equals("rate")) {
            if (!unit.isEmpty() && !unit.equals("/s")) {
                throw new IllegalArgumentException("'" + text + "': a rate is requests per second (9000/s), not "
                        + unit);
            }
            return new Threshold(text.strip(), stage, Metric.RATE, 0, op, number, false, line);
        }
        double micros = switch (unit) {
            case "us", "µs" -> number;
            case "ms" -> number * 1e3;
            case "s" -> number * 1e6;
            default -> throw new IllegalArgumentException("'" + text + "': a latency needs a unit: us, ms or s");
        };
        if (name.equals("max")) {
            return new Threshold(text.strip(), stage, Metric.MAX, 100, op, micros, false, line);
        }
        double p = Double.parseDouble(name.substring(1));
        if (p <= 0 || p >= 100) {
            throw new IllegalArgumentException("'" + text + "': a percentile is above 0 and below 100");
        }
        return new Threshold(text.strip(), stage, Metric.PERCENTILE, p, op, micros, false, line);
    }

    /** Where it applies, for messages: {@code overall} or {@code stage 'spike'}. */
    public String scope() {
        return stage == null ? "overall" : "stage '" + stage + "'";
    }
}
