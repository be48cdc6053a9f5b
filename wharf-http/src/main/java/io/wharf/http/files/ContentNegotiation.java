package io.wharf.http.files;

import io.wharf.http.HttpHeaders;

import java.util.List;

/**
 * Small decisions driven by Accept and Accept-Encoding: whether to gzip a response on the fly, and whether a
 * directory listing should be JSON rather than HTML.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class ContentNegotiation {

    /** Below this a gzip header and trailer cost more than they save. */
    public static final long DEFAULT_GZIP_MIN_LENGTH = 256;

    private ContentNegotiation() {
    }

    /**
     * Gzip on the fly: a compressible type, at least {@code minLength} bytes, and a client that accepts gzip.
     * Not for ranges (a range of a gzip stream is not a range of the file); the compressed body gets a weak
     * ETag ({@link ETags#weaken}) and is sent chunked.
     */
    public static boolean gzipOnTheFly(String contentType, long length, AcceptEncoding accept, long minLength) {
        return length >= minLength && MimeTypes.isCompressible(contentType) && accept.accepts("gzip");
    }

    /** {@link #gzipOnTheFly(String, long, AcceptEncoding, long)} with {@link #DEFAULT_GZIP_MIN_LENGTH}. */
    public static boolean gzipOnTheFly(String contentType, long length, AcceptEncoding accept) {
        return gzipOnTheFly(contentType, length, accept, DEFAULT_GZIP_MIN_LENGTH);
    }

    /**
     * True when Accept ranks {@code application/json} above {@code text/html}. Each type takes the weight of
     * its most specific matching range; at equal weight the more specific match wins, and a full tie goes to
     * HTML, so a bare wildcard Accept, or none at all, gets HTML.
     */
    public static boolean prefersJson(HttpHeaders headers) {
        List<QualityList.Item> ranges = QualityList.parse(headers.all("Accept"));
        int[] json = rank(ranges, "application", "json");
        int[] html = rank(ranges, "text", "html");
        return json[0] > 0 && (json[0] > html[0] || (json[0] == html[0] && json[1] > html[1]));
    }

    /** {weight, specificity}: specificity 2 for an exact match, 1 for type wildcard, 0 for full wildcard, -1 none. */
    private static int[] rank(List<QualityList.Item> ranges, String type, String subtype) {
        int[] best = {0, -1};
        for (QualityList.Item range : ranges) {
            String value = range.value();
            int specificity;
            if (value.equals(type + "/" + subtype)) {
                specificity = 2;
            } else if (value.equals(type + "/*")) {
                specificity = 1;
            } else if (value.equals("*/*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > best[1]) {
                best = new int[] {range.quality(), specificity};
            }
        }
        return best;
    }
}
