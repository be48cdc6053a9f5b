package io.wharf.http.files;

import io.wharf.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Range header (RFC 9110 §14.2) for a file of known length: {@code bytes=0-499}, {@code 500-},
 * {@code -500}, and lists of them. Overlapping and adjacent ranges are coalesced (sorted by position).
 *
 * <p>Invalid syntax, a unit other than bytes, or more than {@code maxRanges} range specs makes the header
 * ignored (a full 200), as nginx does with {@code max_ranges}: a client that lists dozens of ranges gets the
 * file, not an error, and cannot make the server seek all over it. The cap counts specs as sent, before
 * coalescing, so cheap overlapping ranges count too.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class ByteRanges {

    public static final int DEFAULT_MAX_RANGES = 16;

    private static final RangeDecision FULL = new RangeDecision.Full();

    private ByteRanges() {
    }

    /**
     * The whole decision for a request: Range applies to GET and HEAD only, one Range field, and If-Range
     * must match the current validators.
     */
    public static RangeDecision evaluate(String method, HttpHeaders headers, long length, Validators current,
                                         int maxRanges) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return FULL;
        }
        List<String> range = headers.all("Range");
        if (range.size() != 1 || !IfRange.allowsRange(headers, current)) {
            return FULL;
        }
        return parse(range.getFirst(), length, maxRanges);
    }

    public static RangeDecision parse(String header, long length) {
        return parse(header, length, DEFAULT_MAX_RANGES);
    }

    public static RangeDecision parse(String header, long length, int maxRanges) {
        int eq = header.indexOf('=');
        if (eq < 0 || !header.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return FULL;
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        int specs = 0;
        boolean emptySuffix = false;
        for (String raw : header.substring(eq + 1).split(",", -1)) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            if (++specs > maxRanges) {
                return FULL;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return FULL;
            }
            if (dash == 0) {
                long suffix = number(spec.substring(1));
                if (suffix < 0) {
                    return FULL;
                }
                if (suffix > 0 && length == 0) {
                    emptySuffix = true;
                } else if (suffix > 0) {
                    satisfiable.add(new ByteRange(Math.max(0, length - suffix), length - 1));
                }
                continue;
            }
            long first = number(spec.substring(0, dash));
            String lastText = spec.substring(dash + 1);
            long last = lastText.isEmpty() ? Long.MAX_VALUE : number(lastText);
            if (first < 0 || last < 0 || last < first) {
                return FULL;
            }
            if (first < length) {
                satisfiable.add(new ByteRange(first, Math.min(last, length - 1)));
            }
        }
        if (specs == 0) {
            return FULL;
        }
        if (satisfiable.isEmpty()) {
            // A suffix range of an empty file is satisfiable, but there is no byte to send: send it all.
            return emptySuffix ? FULL : new RangeDecision.Unsatisfiable(length);
        }
        return new RangeDecision.Partial(coalesce(satisfiable));
    }

    private static List<ByteRange> coalesce(List<ByteRange> ranges) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        List<ByteRange> out = new ArrayList<>();
        ByteRange current = sorted.getFirst();
        for (ByteRange next : sorted.subList(1, sorted.size())) {
            if (next.first() <= current.last() + 1) {
                current = new ByteRange(current.first(), Math.max(current.last(), next.last()));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return out;
    }

    /** A run of ASCII digits; -1 when empty or not all digits; saturates at Long.MAX_VALUE. */
    private static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
