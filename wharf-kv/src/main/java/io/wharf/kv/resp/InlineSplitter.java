package io.wharf.kv.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments exactly as Redis's {@code sdssplitargs} does: blanks separate
 * arguments; {@code "double quotes"} allow {@code \n \r \t \b \a \xHH} and {@code \"} escapes; {@code 'single
 * quotes'} allow only {@code \'}; a closing quote must be followed by a blank or the end of the line. A NUL
 * byte ends the line, as it ends a C string. Stateless.
 */
public final class InlineSplitter {

    private InlineSplitter() {
    }

    /** The arguments of {@code line[from, to)}, or null for unbalanced quotes. */
    public static List<byte[]> split(byte[] line, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        for (;;) {
            while (at(line, p, to) != 0 && isSpace(at(line, p, to))) {
                p++;
            }
            if (at(line, p, to) == 0) {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            while (!done) {
                int c = at(line, p, to);
                if (inq) {
                    if (c == '\\' && at(line, p + 1, to) == 'x' && isHex(at(line, p + 2, to)) && isHex(at(line, p + 3, to))) {
                        current.write(hex(at(line, p + 2, to)) * 16 + hex(at(line, p + 3, to)));
                        p += 3;
                    } else if (c == '\\' && at(line, p + 1, to) != 0) {
                        p++;
                        int e = at(line, p, to);
                        current.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        int next = at(line, p + 1, to);
                        if (next != 0 && !isSpace(next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && at(line, p + 1, to) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        int next = at(line, p + 1, to);
                        if (next != 0 && !isSpace(next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> current.write(c);
                    }
                }
                if (at(line, p, to) != 0) {
                    p++;
                }
            }
            out.add(current.toByteArray());
        }
    }

    /** The byte at {@code i} as 0..255, or 0 past the end (the C string's terminator). */
    private static int at(byte[] line, int i, int to) {
        return i < to ? line[i] & 0xff : 0;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int hex(int c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
