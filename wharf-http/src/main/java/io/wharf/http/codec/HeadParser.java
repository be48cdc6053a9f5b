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
    /** An absolute-form or authority-form target's authority; null for the other forms. */
    private String authority;
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
        authority = null;
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
        if (sp2 == sp1 + 1) {
            throw Refusal.bad("malformed request target");
        }
        targetCharacters(line, sp1 + 1, sp2);
        method = Methods.of(line, sp1);
        authority = targetForm(line, sp1 + 1, sp2);
        version = version(line, sp2 + 1, len);
        target = Ascii.string(line, sp1 + 1, sp2);
        headers = new HttpHeaders();
    }

    /**
     * Visible characters only; no fragment (a client never sends one: RFC 9112 section 3.2); every {@code %}
     * followed by two hex digits (RFC 3986's pct-encoded), so a malformed escape is a 400 here rather than a
     * refusal deep in path resolution.
     */
    private static void targetCharacters(ByteBuffer line, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = line.get(i);
            if (!Ascii.vchar(b)) {
                throw Refusal.bad("malformed request target");
            }
            if (b == '#') {
                throw Refusal.bad("fragment in the request target");
            }
            if (b == '%' && (i + 2 >= to || Ascii.hex(line.get(i + 1)) < 0 || Ascii.hex(line.get(i + 2)) < 0)) {
                throw Refusal.bad("malformed percent-encoding in the request target");
            }
        }
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
        return new HttpRequest(method, target, version, headers, contentLength, transferEncoding, authority);
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

    /**
     * Checks the target's form (RFC 9112 section 3.2): origin-form ({@code /p?q}) for any method but CONNECT;
     * authority-form ({@code host:port}) for CONNECT only; asterisk-form ({@code *}) for OPTIONS only;
     * absolute-form with an http or https scheme, a host and no userinfo. Anything else is a 400.
     *
     * @return the authority of an absolute-form or authority-form target; null for the other forms
     */
    private String targetForm(ByteBuffer line, int from, int to) {
        byte first = line.get(from);
        boolean connect = "CONNECT".equals(method);
        if (connect) {
            if (!Authority.valid(line, from, to, true)) {
                throw Refusal.bad("CONNECT needs an authority-form target (host:port)");
            }
            return Ascii.string(line, from, to);
        }
        if (first == '/') {
            return null;
        }
        if (first == '*') {
            if (to - from != 1 || !"OPTIONS".equals(method)) {
                throw Refusal.bad("asterisk-form target without OPTIONS");
            }
            return null;
        }
        int afterScheme = scheme(line, from, to);
        int end = afterScheme;
        while (end < to && line.get(end) != '/' && line.get(end) != '?') {
            end++;
        }
        if (indexOf(line, afterScheme, end, '@') >= 0) {
            throw Refusal.bad("userinfo in the request target");
        }
        if (end == afterScheme || line.get(afterScheme) == ':' || !Authority.valid(line, afterScheme, end, false)) {
            throw Refusal.bad("malformed authority in the request target");
        }
        return Ascii.string(line, afterScheme, end);
    }

    /** Where the authority of an absolute-form target starts, past {@code http://} or {@code https://}. */
    private static int scheme(ByteBuffer line, int from, int to) {
        int colon = indexOf(line, from, to, ':');
        boolean http = colon >= 0 && (Ascii.equalsLower(line, from, colon, "http")
                || Ascii.equalsLower(line, from, colon, "https"));
        if (!http) {
            throw Refusal.bad(colon < 0 ? "malformed request target" : "request target scheme is not http or https");
        }
        if (colon + 3 > to || line.get(colon + 1) != '/' || line.get(colon + 2) != '/') {
            throw Refusal.bad("malformed request target");
        }
        return colon + 3;
    }

    /**
     * HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive. {@code HTTP/1.x} past 1.1 is taken as 1.1; any
     * other major version, well-formed but unsupported, is 505.
     */
    private static HttpVersion version(ByteBuffer line, int from, int to) {
        if (to - from != 8 || line.get(from) != 'H' || line.get(from + 1) != 'T' || line.get(from + 2) != 'T'
                || line.get(from + 3) != 'P' || line.get(from + 4) != '/' || !Ascii.digit(line.get(from + 5))
                || line.get(from + 6) != '.' || !Ascii.digit(line.get(from + 7))) {
            throw Refusal.bad("malformed HTTP version");
        }
        if (line.get(from + 5) != '1') {
            throw new Refusal(505, "HTTP version not supported");
        }
        // a higher minor version of major 1 is handled as the highest we speak (RFC 9110 section 2.5)
        return line.get(from + 7) == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
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
