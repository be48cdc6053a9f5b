package io.wharf.http.files;

import io.wharf.http.codec.HttpDate;

import io.wharf.http.HttpHeaders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conditional requests on an existing file, in the order of RFC 9110 §13.2.2: If-Match, else
 * If-Unmodified-Since; then If-None-Match, else If-Modified-Since. If-Range is separate ({@link IfRange}),
 * since it only decides between a partial and a full 200. Call this only when the response would
 * otherwise be 2xx.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class Preconditions {

    /** What the conditions decide. */
    public enum Outcome {
        /** Serve the file (200 or 206). */
        PROCEED,
        /** 304 Not Modified, with the validators and no body. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private Preconditions() {
    }

    public static Outcome evaluate(String method, HttpHeaders headers, Validators current) {
        boolean getOrHead = method.equals("GET") || method.equals("HEAD");
        List<String> ifMatch = tags(headers, "If-Match");
        if (!ifMatch.isEmpty() || headers.contains("If-Match")) {
            if (!anyMatches(ifMatch, current.etag(), true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> since = singleDate(headers, "If-Unmodified-Since");
            if (since.isPresent() && current.lastModified().isAfter(since.get())) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        List<String> ifNoneMatch = tags(headers, "If-None-Match");
        if (!ifNoneMatch.isEmpty() || headers.contains("If-None-Match")) {
            if (anyMatches(ifNoneMatch, current.etag(), false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
        } else if (getOrHead) {
            Optional<Instant> since = singleDate(headers, "If-Modified-Since");
            if (since.isPresent() && !current.lastModified().isAfter(since.get())) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /** {@code *} matches any existing file; otherwise the strong or weak comparison with the current tag. */
    private static boolean anyMatches(List<String> tags, Optional<String> current, boolean strong) {
        for (String tag : tags) {
            if (tag.equals("*")) {
                return true;
            }
            if (current.isPresent()
                    && (strong ? ETags.strongMatch(tag, current.get()) : ETags.weakMatch(tag, current.get()))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tags(HttpHeaders headers, String name) {
        List<String> out = new ArrayList<>();
        for (String value : headers.all(name)) {
            out.addAll(ETags.parseList(value));
        }
        return out;
    }

    /** A date field is ignored when invalid or repeated (RFC 9110 §13.1.3, §13.1.4). */
    private static Optional<Instant> singleDate(HttpHeaders headers, String name) {
        List<String> values = headers.all(name);
        return values.size() == 1 ? HttpDate.parse(values.getFirst()) : Optional.empty();
    }
}
