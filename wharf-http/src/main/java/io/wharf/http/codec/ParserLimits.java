package io.wharf.http.codec;

/**
 * The sizes past which {@link RequestParser} refuses a request. Immutable.
 *
 * @param maxRequestLine bytes of the request line, CRLF excluded; past it, 414
 * @param maxHeaderField bytes of one header (or trailer) field line, CRLF excluded; past it, 431
 * @param maxHeaderCount header fields in one request (trailer fields are counted apart); past it, 431
 * @param maxBody        bytes of one request body ({@code max_request_size}), de-chunked; past it, 413
 */
public record ParserLimits(int maxRequestLine, int maxHeaderField, int maxHeaderCount, long maxBody) {

    public static final ParserLimits DEFAULTS = new ParserLimits(8 * 1024, 8 * 1024, 100, 1024 * 1024);

    public ParserLimits {
        if (maxRequestLine < 16 || maxHeaderField < 16 || maxHeaderCount < 1 || maxBody < 0) {
            throw new IllegalArgumentException("parser limits too small: " + maxRequestLine + ", " + maxHeaderField
                    + ", " + maxHeaderCount + ", " + maxBody);
        }
    }
}
