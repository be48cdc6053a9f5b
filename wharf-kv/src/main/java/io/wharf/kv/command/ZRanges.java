package io.wharf.kv.command;

import io.wharf.kv.store.SkipList;

import java.util.Arrays;

/**
 * The score and lex intervals of the sorted-set range commands, parsed as Redis's {@code zslParseRange} and
 * {@code zslParseLexRange} parse them, with their errors. Immutable.
 */
final class ZRanges {

    static final String SCORE_ERROR = "ERR min or max is not a float";
    static final String LEX_ERROR = "ERR min or max not valid string range item";

    private ZRanges() {
    }

    /** {@code [min, max]}, each end open if {@code (}-prefixed. */
    record Score(double min, boolean minEx, double max, boolean maxEx) implements SkipList.Range {
        @Override
        public boolean empty() {
            return min > max || min == max && (minEx || maxEx);
        }

        @Override
        public boolean aboveMin(SkipList.Node n) {
            return minEx ? n.score() > min : n.score() >= min;
        }

        @Override
        public boolean belowMax(SkipList.Node n) {
            return maxEx ? n.score() < max : n.score() <= max;
        }
    }

    /**
     * A lex interval; an end whose {@code inf} is -1 is {@code -} (below every member), +1 is {@code +} (above
     * every member), 0 is the bytes given.
     */
    record Lex(byte[] min, int minInf, boolean minEx, byte[] max, int maxInf, boolean maxEx)
            implements SkipList.Range {

        /** {@code sdscmplex}: compares two values where the infinite ones sit below/above everything. */
        private static int cmp(byte[] a, int aInf, byte[] b, int bInf) {
            if (aInf != 0 || bInf != 0) {
                return Integer.compare(aInf, bInf);
            }
            return Arrays.compareUnsigned(a, b);
        }

        @Override
        public boolean empty() {
            int c = cmp(min, minInf, max, maxInf);
            return c > 0 || c == 0 && (minEx || maxEx);
        }

        @Override
        public boolean aboveMin(SkipList.Node n) {
            int c = cmp(n.member(), 0, min, minInf);
            return minEx ? c > 0 : c >= 0;
        }

        @Override
        public boolean belowMax(SkipList.Node n) {
            int c = cmp(n.member(), 0, max, maxInf);
            return maxEx ? c < 0 : c <= 0;
        }
    }

    static Score score(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        Double lo = Doubles.range(min, minEx ? 1 : 0);
        Double hi = Doubles.range(max, maxEx ? 1 : 0);
        if (lo == null || hi == null) {
            throw new CommandError(SCORE_ERROR);
        }
        return new Score(lo, minEx, hi, maxEx);
    }

    /** {@code -} and {@code +} are the ends, {@code (x} and {@code [x} open and closed bounds. */
    static Lex lex(byte[] min, byte[] max) {
        Item lo = item(min);
        Item hi = item(max);
        if (lo == null || hi == null) {
            throw new CommandError(LEX_ERROR);
        }
        return new Lex(lo.value, lo.inf, lo.ex, hi.value, hi.inf, hi.ex);
    }

    private record Item(byte[] value, int inf, boolean ex) {
    }

    private static Item item(byte[] b) {
        if (b.length == 0) {
            return null;
        }
        return switch (b[0]) {
            case '+' -> b.length == 1 || b[1] == 0 ? new Item(new byte[0], 1, true) : null;
            case '-' -> b.length == 1 || b[1] == 0 ? new Item(new byte[0], -1, true) : null;
            case '(' -> new Item(Arrays.copyOfRange(b, 1, b.length), 0, true);
            case '[' -> new Item(Arrays.copyOfRange(b, 1, b.length), 0, false);
            default -> null;
        };
    }
}
