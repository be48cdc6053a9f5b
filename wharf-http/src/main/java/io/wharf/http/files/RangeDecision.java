package io.wharf.http.files;

import java.util.List;

/** What a Range header means for one file; see {@link ByteRanges}. */
public sealed interface RangeDecision {

    /** Send the whole file with 200: no Range, an invalid or ignored one, or an If-Range mismatch. */
    record Full() implements RangeDecision {
    }

    /**
     * Send 206. One range: a plain body with Content-Range. Several: {@link MultipartByteranges}. The ranges
     * are sorted, non-overlapping and non-adjacent.
     */
    record Partial(List<ByteRange> ranges) implements RangeDecision {
        public Partial {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("no ranges");
            }
        }

        public boolean single() {
            return ranges.size() == 1;
        }
    }

    /** Send 416 with {@link #contentRange()}: every range starts past the end. */
    record Unsatisfiable(long length) implements RangeDecision {
        /** {@code bytes *}{@code /<length>} */
        public String contentRange() {
            return "bytes */" + length;
        }
    }
}
