package io.wharf.kv.command;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Commands by name, looked up from the request's bytes in any letter case without making a String: an
 * open-addressing table of the lower-case names' bytes, probed with a hash that folds ASCII upper case to lower.
 * A name with other bytes than those of a command (non-ASCII letters included) is simply not found.
 *
 * <p>Threading: immutable once built; safe to share.
 */
final class CommandIndex {

    private final byte[][] names;
    private final Command[] commands;
    private final int mask;

    CommandIndex(List<Command> all) {
        int capacity = Integer.highestOneBit(Math.max(4, all.size() * 4) - 1) << 1;
        names = new byte[capacity][];
        commands = new Command[capacity];
        mask = capacity - 1;
        for (Command c : all) {
            byte[] name = c.name().getBytes(StandardCharsets.ISO_8859_1);
            int i = hash(name) & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = name;
            commands[i] = c;
        }
    }

    Command find(byte[] name) {
        for (int i = hash(name) & mask; names[i] != null; i = (i + 1) & mask) {
            if (equalsFolded(names[i], name)) {
                return commands[i];
            }
        }
        return null;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsFolded(byte[] lowerName, byte[] name) {
        if (lowerName.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerName[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
