package io.wharf.kv.command;

import io.wharf.kv.resp.Numbers;

/** Argument parsing with Redis's replies for bad numbers ({@code getLongLongFromObjectOrReply}). Stateless. */
final class Args {

    private Args() {
    }

    /** {@code arg} as a 64-bit integer, or the error Redis gives. */
    static long toLong(byte[] arg) {
        long v = Numbers.parseLong(arg, 0, arg.length); // parsed once: INVALID is MIN_VALUE, valid when written so
        if (v == Numbers.INVALID && !Numbers.isLong(arg)) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        return v;
    }

    static long toLong(byte[] arg, String error) {
        long v = Numbers.parseLong(arg, 0, arg.length);
        if (v == Numbers.INVALID && !Numbers.isLong(arg)) {
            throw CommandError.err(error);
        }
        return v;
    }

    /** {@code arg} as a 32-bit integer ({@code getIntFromObjectOrReply}). */
    static int toInt(byte[] arg) {
        long v = toLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        return (int) v;
    }
}
