package io.wharf.http.files;

import io.wharf.http.codec.HttpDate;

import io.wharf.http.HttpHeaders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * If-Range (RFC 9110 §13.1.5): honour Range only when the client's copy is still current, otherwise send the
 * whole file with 200. An entity tag must match strongly (a weak tag never does); a date must equal
 * Last-Modified exactly. The caller applies this only to requests that carry Range.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class IfRange {

    private IfRange() {
    }

    /** True when there is no If-Range, or when it matches the current validators. */
    public static boolean allowsRange(HttpHeaders headers, Validators current) {
        List<String> values = headers.all("If-Range");
        if (values.isEmpty()) {
            return true;
        }
        if (values.size() > 1) {
            return false;
        }
        String value = values.getFirst().trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            List<String> tags = ETags.parseList(value);
            return tags.size() == 1 && current.etag().isPresent()
                    && ETags.strongMatch(tags.getFirst(), current.etag().get());
        }
        Optional<Instant> date = HttpDate.parse(value);
        return date.isPresent() && date.get().equals(current.lastModified());
    }
}
