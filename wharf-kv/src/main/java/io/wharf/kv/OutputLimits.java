package io.wharf.kv;

import java.util.Locale;

/**
 * Redis's {@code client-output-buffer-limit} for the client classes wharf has: {@code normal} and {@code pubsub}
 * ({@code replica} is accepted and ignored, as wharf has no replicas). Each class has a hard limit (output queued
 * for a client past it drops the client at once), a soft limit and seconds (queued output staying past the soft
 * limit that long drops it); 0 turns a limit off. Written as Redis writes it:
 * {@code normal 0 0 0 pubsub 32mb 8mb 60}, sizes in bytes or with {@code k kb m mb g gb}. Immutable.
 */
public record OutputLimits(Limit normal, Limit pubsub) {

    /** One class's limits. */
    public record Limit(long hard, long soft, long softSeconds) {
        /** True if no limit applies. */
        public boolean none() {
            return hard == 0 && soft == 0;
        }
    }

    public static final OutputLimits DEFAULTS = new OutputLimits(new Limit(0, 0, 0),
            new Limit(32L << 20, 8L << 20, 60));

    /** Parses Redis's form; throws IllegalArgumentException naming what is wrong. */
    public static OutputLimits parse(String text) {
        return parse(text, DEFAULTS);
    }

    /** Parses Redis's form; the classes it does not name keep {@code base}'s limits (CONFIG SET). */
    public static OutputLimits parse(String text, OutputLimits base) {
        String[] w = text.trim().split("\\s+");
        if (w.length == 0 || w.length % 4 != 0) {
            throw new IllegalArgumentException("'" + text + "': expected <class> <hard> <soft> <soft seconds>, repeated");
        }
        Limit normal = base.normal;
        Limit pubsub = base.pubsub;
        for (int i = 0; i < w.length; i += 4) {
            String cls = w[i].toLowerCase(Locale.ROOT);
            Limit l = new Limit(size(w[i + 1]), size(w[i + 2]), seconds(w[i + 3]));
            switch (cls) {
                case "normal" -> normal = l;
                case "pubsub" -> pubsub = l;
                case "replica", "slave" -> {
                }
                default -> throw new IllegalArgumentException("'" + w[i] + "' is not a client class (normal, replica, pubsub)");
            }
        }
        return new OutputLimits(normal, pubsub);
    }

    private static long seconds(String s) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + s + "' is not a number of seconds");
    }

    /** Redis's {@code memtoull}: a number, optionally with b, k, kb, m, mb, g, gb (k = 1000, kb = 1024). */
    public static long size(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
                {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long v = Long.parseLong(t);
            if (v >= 0 && v <= Long.MAX_VALUE / unit) {
                return v * unit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + s + "' is not a size");
    }

    /** As Redis's CONFIG GET prints it (sizes in bytes), which {@link #parse} reads back. */
    @Override
    public String toString() {
        return "normal " + normal.hard + " " + normal.soft + " " + normal.softSeconds + " slave 268435456 67108864 60"
                + " pubsub " + pubsub.hard + " " + pubsub.soft + " " + pubsub.softSeconds;
    }
}
