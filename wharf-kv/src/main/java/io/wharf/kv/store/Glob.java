package io.wharf.kv.store;

/**
 * Redis's glob matching ({@code stringmatchlen} in util.c), byte for byte: {@code *}, {@code ?},
 * {@code [abc]}, {@code [^a-z]}, and {@code \} to escape; bytes compare as C's signed {@code char}. Like Redis
 * it gives up early on patterns with many stars that cannot match. Stateless.
 */
public final class Glob {

    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, pattern.length, string, 0, string.length, new boolean[1]);
    }

    private static int at(byte[] b, int i, int end) {
        return i < end ? b[i] : 0;
    }

    private static boolean match(byte[] pat, int p, int pend, byte[] str, int s, int send, boolean[] skipLonger) {
        int patternLen = pend - p;
        int stringLen = send - s;
        while (patternLen > 0 && stringLen > 0) {
            switch (pat[p]) {
                case '*' -> {
                    while (patternLen > 0 && at(pat, p + 1, pend) == '*') {
                        p++;
                        patternLen--;
                    }
                    if (patternLen == 1) {
                        return true;
                    }
                    while (stringLen > 0) {
                        if (match(pat, p + 1, pend, str, s, send, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        s++;
                        stringLen--;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> {
                    s++;
                    stringLen--;
                }
                case '[' -> {
                    p++;
                    patternLen--;
                    boolean not = at(pat, p, pend) == '^';
                    if (not) {
                        p++;
                        patternLen--;
                    }
                    boolean match = false;
                    int c = str[s];
                    for (;;) {
                        if (at(pat, p, pend) == '\\' && patternLen >= 2) {
                            p++;
                            patternLen--;
                            if (at(pat, p, pend) == c) {
                                match = true;
                            }
                        } else if (at(pat, p, pend) == ']') {
                            break;
                        } else if (patternLen == 0) {
                            p--;
                            patternLen++;
                            break;
                        } else if (patternLen >= 3 && at(pat, p + 1, pend) == '-') {
                            int start = at(pat, p, pend);
                            int end = at(pat, p + 2, pend);
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            p += 2;
                            patternLen -= 2;
                            if (c >= start && c <= end) {
                                match = true;
                            }
                        } else if (at(pat, p, pend) == c) {
                            match = true;
                        }
                        p++;
                        patternLen--;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return false;
                    }
                    s++;
                    stringLen--;
                }
                default -> {
                    if (pat[p] == '\\' && patternLen >= 2) {
                        p++;
                        patternLen--;
                    }
                    if (pat[p] != str[s]) {
                        return false;
                    }
                    s++;
                    stringLen--;
                }
            }
            p++;
            patternLen--;
            if (stringLen == 0) {
                while (at(pat, p, pend) == '*') {
                    p++;
                    patternLen--;
                }
                break;
            }
        }
        return patternLen == 0 && stringLen == 0;
    }
}
