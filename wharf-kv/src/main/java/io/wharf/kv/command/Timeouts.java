package io.wharf.kv.command;

/** The timeouts of blocking commands, as Redis's {@code getTimeoutFromObjectOrReply} in seconds. Stateless. */
final class Timeouts {

    private Timeouts() {
    }

    /**
     * The deadline in Unix milliseconds for a timeout of {@code arg} seconds (fractions allowed, cut to whole
     * milliseconds as C's cast cuts them), or 0 for no timeout (a timeout under a millisecond is none, as in Redis).
     */
    static long deadline(byte[] arg, long now) {
        LongDouble.Value v = LongDouble.parse(arg);
        if (v == null) {
            throw CommandError.err("timeout is not a float or out of range");
        }
        long millis;
        if (v.isInfinite()) {
            millis = Long.MIN_VALUE; // what x86-64's conversion gives for an infinity
        } else {
            java.math.BigInteger ms = v.finite().movePointRight(3).toBigInteger();
            millis = ms.bitLength() < 64 ? ms.longValue() : Long.MIN_VALUE;
        }
        if (millis < 0) {
            throw CommandError.err("timeout is negative");
        }
        if (millis > 0) {
            if (millis > Long.MAX_VALUE - now) {
                throw CommandError.err("timeout is out of range");
            }
            millis += now;
        }
        return millis;
    }
}
