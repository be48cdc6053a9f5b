package io.wharf.http;

/**
 * A parsed request head. {@code target} is the request-target exactly as sent (not decoded); the body, if
 * any, follows through the parser's callbacks.
 *
 * @param contentLength the body length, or -1 when the body is chunked or absent
 * @param chunked       Transfer-Encoding: chunked
 */
public record HttpRequest(String method, String target, HttpVersion version, HttpHeaders headers,
                          long contentLength, boolean chunked) {

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

    /** The path part of the target, before any '?', still percent-encoded. */
    public String rawPath() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}
