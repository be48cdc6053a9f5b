package io.wharf.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What must hold for any input at all, valid or not: the parser returns from every feed having consumed it,
 * throws nothing, reports at most one error (last, with a status it is allowed to give), does work bounded by
 * the input (a bounded number of events), and reports the same events however the input is split.
 */
final class ParserInvariants {

    /** Limits small enough that short inputs reach every limit check. */
    static final ParserLimits TIGHT = new ParserLimits(40, 24, 4, 32);

    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 431, 501, 505);
    /** Cutting at every byte costs a pass per byte; past this length only a few cuts are tried. */
    private static final int EVERY_CUT_UP_TO = 512;

    private ParserInvariants() {
    }

    static void check(byte[] data) {
        check(data, ParserLimits.DEFAULTS);
        check(data, TIGHT);
    }

    private static void check(byte[] data, ParserLimits limits) {
        List<String> whole = Feed.whole(data, limits);
        // a request takes at least 16 bytes ("A / HTTP/1.0" CRLF CRLF) and reports at most 3 events
        assertThat(whole.size()).as("events").isLessThanOrEqualTo(3 * (data.length / 16) + 1);
        for (int i = 0; i < whole.size(); i++) {
            String e = whole.get(i);
            if (e.startsWith("error: ")) {
                assertThat(i).as("error: is the last event").isEqualTo(whole.size() - 1);
                assertThat(STATUSES).contains(Integer.parseInt(e.substring(7, 10)));
            }
        }
        int hashCut = Math.floorMod(Arrays.hashCode(data), data.length + 1);
        assertThat(Feed.split(data, limits, hashCut)).as("cut at %d", hashCut).isEqualTo(whole);
        assertThat(Feed.split(data, limits, data.length / 2)).as("cut in the middle").isEqualTo(whole);
        if (data.length <= EVERY_CUT_UP_TO) {
            assertThat(Feed.pieces(data, limits, 1)).as("one byte at a time").isEqualTo(whole);
            assertThat(Feed.pieces(data, limits, 3)).as("three bytes at a time").isEqualTo(whole);
        }
    }
}
