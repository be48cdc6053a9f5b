package io.wharf.http.codec;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import java.nio.ByteBuffer;

/**
 * Turns the lines of one request head into an {@link HttpRequest}, enforcing RFC 9112's syntax and the
 * framing rules that keep a connection in sync with whatever proxy may sit in front (the request-smuggling
 * defences): one Host, one Content-Length value, Transfer-Encoding only as a final "chunked" on HTTP/1.1, and
 * never both framings at once. Each line is checked when it is complete, so a verdict depends only on the
 * bytes, never on how they were split.
 *
 * <p>Threading: not thread-safe; owned by one parser, reused for each request after {@link #reset}.
 */
final class HeadParser {

    private final ParserLimits limits;
    private String method;
    private String target;
    private HttpVersion version;
    private HttpHeaders headers;
    private int fields;
    private int trailers;
    private int hosts;
    private long contentLength;
    private boolean transferEncoding;
    private boolean chunkedSeen;
    private boolean chunkedLast;
    private boolean otherCoding;

    HeadParser(ParserLimits limits) {
        this.limits = limits;
        reset();
    }

    void reset() {
        method = null;
        target = null;
        version = null;
        headers = null;
        fields = 0;
        trailers = 0;
        hosts = 0;
        contentLength = -1;
        transferEncoding = false;
        chunkedSeen = false;
        chunkedLast = false;
        otherCoding = false;
    }

    /** request-line = method SP request-target SP HTTP-version, with exactly one space between parts. */
    void requestLine(ByteBuffer line) {
        int len = line.limit();
        int sp1 = indexOf(line, 0, len, ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(line, sp1 + 1, len, ' ');
        if (sp2 < 0) {
            throw Refusal.bad("malformed request line");
        }
        if (!Ascii.token(line, 0, sp1)) {
            throw Refusal.bad("malformed method");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!Ascii.vchar(line.get(i))) {
                throw Refusal.bad("malformed request target");
            }
        }
        method = Methods.of(line, sp1);
        if (sp2 == sp1 + 1 || !targetForm(line, sp1 + 1, sp2)) {
            throw Refusal.bad("malformed request target");
        }
        version = version(line, sp2 + 1, len);
        target = Ascii.string(line, sp1 + 1, sp2);
        headers = new HttpHeaders();
    }

    /**
     * One field line; an empty line ends the head.
     *
     * @return true when the head is complete
     */
    boolean field(ByteBuffer line) {
        if (line.limit() == 0) {
            return true;
        }
        if (++fields > limits.maxHeaderCount()) {
            throw new Refusal(431, "too many header fields");
        }
        int colon = syntax(line);
        int from = valueStart(line, colon);
        int to = valueEnd(line, from);
        framing(line, colon, from, to);
        headers.add(Ascii.string(line, 0, colon), Ascii.string(line, from, to));
        return false;
    }

    /**
     * One trailer field line of a chunked body: checked like a header field, counted apart, then dropped
     * (nothing wharf serves reads trailers, and framing fields in them must not count).
     *
     * @return true when the trailer section is complete
     */
    boolean trailer(ByteBuffer line) {
        if (line.limit() == 0) {
            return true;
        }
        if (++trailers > limits.maxHeaderCount()) {
            throw new Refusal(431, "too many trailer fields");
        }
        syntax(line);
        return false;
    }

    /** field-line = field-name ":" OWS field-value OWS; returns the colon's index. */
    private static int syntax(ByteBuffer line) {
        int len = line.limit();
        if (Ascii.ows(line.get(0))) {
            throw Refusal.bad("obsolete line folding");
        }
        int colon = 0;
        while (colon < len && Ascii.tchar(line.get(colon))) {
            colon++;
        }
        if (colon == 0 || colon == len || line.get(colon) != ':') {
            throw Refusal.bad("malformed header field name");
        }
        for (int i = colon + 1; i < len; i++) {
            if (!Ascii.fieldChar(line.get(i))) {
                throw Refusal.bad("malformed header field value");
            }
        }
        return colon;
    }

    private static int valueStart(ByteBuffer line, int colon) {
        int from = colon + 1;
        while (from < line.limit() && Ascii.ows(line.get(from))) {
            from++;
        }
        return from;
    }

    private static int valueEnd(ByteBuffer line, int from) {
        int to = line.limit();
        while (to > from && Ascii.ows(line.get(to - 1))) {
            to--;
        }
        return to;
    }

    /** Applies the rules that need the whole head, and builds the request. */
    HttpRequest finish() {
        if (version == HttpVersion.HTTP_1_1 && hosts == 0) {
            throw Refusal.bad("missing Host");
        }
        if (transferEncoding) {
            if (version == HttpVersion.HTTP_1_0) {
                throw Refusal.bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (contentLength >= 0) {
                throw Refusal.bad("both Content-Length and Transfer-Encoding");
            }
            if (!chunkedLast) {
                throw Refusal.bad("chunked is not the final transfer coding");
            }
            if (otherCoding) {
                throw new Refusal(501, "transfer coding not implemented");
            }
        }
        if (contentLength > limits.maxBody()) {
            throw new Refusal(413, "body larger than " + limits.maxBody() + " bytes");
        }
        return new HttpRequest(method, target, version, headers, contentLength, transferEncoding);
    }

    private void framing(ByteBuffer line, int nameEnd, int from, int to) {
        if (Ascii.equalsLower(line, 0, nameEnd, "host")) {
            if (++hosts > 1) {
                throw Refusal.bad("more than one Host");
            }
            if (!Authority.valid(line, from, to, false)) {
                throw Refusal.bad("malformed Host");
            }
        } else if (Ascii.equalsLower(line, 0, nameEnd, "content-length")) {
            long value = contentLength(line, from, to);
            if (contentLength >= 0 && contentLength != value) {
                throw Refusal.bad("conflicting Content-Length");
            }
            contentLength = value;
        } else if (Ascii.equalsLower(line, 0, nameEnd, "transfer-encoding")) {
            transferEncoding = true;
            codings(line, from, to);
        }
    }

    /** 1*DIGIT, nothing else: no sign, no list, no spaces inside. Saturates instead of overflowing. */
    private static long contentLength(ByteBuffer line, int from, int to) {
        if (from == to) {
            throw Refusal.bad("malformed Content-Length");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = line.get(i);
            if (!Ascii.digit(b)) {
                throw Refusal.bad("malformed Content-Length");
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (b - '0');
        }
        return value;
    }

    /** A comma-separated list of codings; empty elements are refused too, as no honest client sends them. */
    private void codings(ByteBuffer line, int from, int to) {
        int start = from;
        while (start <= to) {
            int comma = indexOf(line, start, to, ',');
            int end = comma < 0 ? to : comma;
            int a = start;
            int b = end;
            while (a < b && Ascii.ows(line.get(a))) {
                a++;
            }
            while (b > a && Ascii.ows(line.get(b - 1))) {
                b--;
            }
            if (!Ascii.token(line, a, b)) {
                throw Refusal.bad("malformed Transfer-Encoding");
            }
            if (Ascii.equalsLower(line, a, b, "chunked")) {
                if (chunkedSeen) {
                    throw Refusal.bad("chunked applied twice");
                }
                chunkedSeen = true;
                chunkedLast = true;
            } else {
                chunkedLast = false;
                otherCoding = true;
            }
            start = end + 1;
        }
    }

    /** origin-form, absolute-form, authority-form (CONNECT only) or asterisk-form (OPTIONS only). */
    private boolean targetForm(ByteBuffer line, int from, int to) {
        byte first = line.get(from);
        if (first == '/') {
            return true;
        }
        if ("CONNECT".equals(method)) {
            return Authority.valid(line, from, to, true);
        }
        if (first == '*') {
            return to - from == 1 && "OPTIONS".equals(method);
        }
        if (!Ascii.alpha(first)) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            byte b = line.get(i);
            if (b == ':') {
                return true;
            }
            if (!Ascii.alpha(b) && !Ascii.digit(b) && b != '+' && b != '-' && b != '.') {
                return false;
            }
        }
        return false;
    }

    /** HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive; well-formed but unsupported is 505. */
    private static HttpVersion version(ByteBuffer line, int from, int to) {
        if (to - from != 8 || line.get(from) != 'H' || line.get(from + 1) != 'T' || line.get(from + 2) != 'T'
                || line.get(from + 3) != 'P' || line.get(from + 4) != '/' || !Ascii.digit(line.get(from + 5))
                || line.get(from + 6) != '.' || !Ascii.digit(line.get(from + 7))) {
            throw Refusal.bad("malformed HTTP version");
        }
        if (line.get(from + 5) == '1' && line.get(from + 7) == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (line.get(from + 5) == '1' && line.get(from + 7) == '0') {
            return HttpVersion.HTTP_1_0;
        }
        throw new Refusal(505, "HTTP version not supported");
    }

    private static int indexOf(ByteBuffer b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
