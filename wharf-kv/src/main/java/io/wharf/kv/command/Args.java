package io.wharf.kv.command;

import io.wharf.kv.resp.Numbers;

/** Argument parsing with Redis's replies for bad numbers ({@code getLongLongFromObjectOrReply}). Stateless. */
final class Args {

    private Args() {
    }

    /** {@code arg} as a 64-bit integer, or the error Redis gives. */
    static long toLong(byte[] arg) {
        if (!Numbers.isLong(arg)) {
            throw new CommandError(CommandError.NOT_INTEGER);
        }
        return Numbers.toLong(arg);
    }

    static long toLong(byte[] arg, String error) {
        if (!Numbers.isLong(arg)) {
            throw CommandError.err(error);
        }
        return Numbers.toLong(arg);
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
