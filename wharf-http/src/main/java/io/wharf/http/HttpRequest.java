package io.wharf.http;

/**
 * A parsed request head. {@code target} is the request-target exactly as sent (not decoded); the body, if
 * any, follows through the parser's callbacks.
 *
 * @param contentLength the body length, or -1 when the body is chunked or absent
 * @param chunked       Transfer-Encoding: chunked
 * @param authority     the {@code host[:port]} of an absolute-form target ({@code http://b.example/f}) or of
 *                      a CONNECT's authority-form one; null for origin-form and asterisk-form targets
 */
public record HttpRequest(String method, String target, HttpVersion version, HttpHeaders headers,
                          long contentLength, boolean chunked, String authority) {

    /** A request with an origin-form (or asterisk-form) target. */
    public HttpRequest(String method, String target, HttpVersion version, HttpHeaders headers,
                       long contentLength, boolean chunked) {
        this(method, target, version, headers, contentLength, chunked, null);
    }

    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Keep-alive by default on 1.1 unless "Connection: close"; on 1.0 only with "Connection: keep-alive". */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.hasToken("Connection", "keep-alive");
    }

    /**
     * The host the request is for: an absolute-form target's authority, which overrides Host (RFC 9112
     * section 3.2.2), else the Host field; null when there is neither (an HTTP/1.0 request without Host).
     */
    public String host() {
        return authority != null ? authority : headers.get("Host");
    }

    /** True for {@code OPTIONS *}: a request about the server as a whole, not any resource. */
    public boolean asterisk() {
        return target.length() == 1 && target.charAt(0) == '*';
    }

    /**
     * The path part of the target, before any '?', still percent-encoded; for an absolute-form target the
     * part after its authority ({@code /} when that is empty).
     */
    public String rawPath() {
        int from = 0;
        if (authority != null && !target.isEmpty() && target.charAt(0) != '/') {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return target; // CONNECT's authority-form: no path at all
            }
            from = scheme + 3 + authority.length();
        }
        int q = target.indexOf('?', from);
        int to = q < 0 ? target.length() : q;
        if (from == 0) {
            return to == target.length() ? target : target.substring(0, to);
        }
        return from == to ? "/" : target.substring(from, to);
    }
}
