package io.wharf.core.model.process;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The numbers a {@code process} parent and its children tell each other: the totals behind an assignment read
 * exactly (the client's bytes behind them unread, whatever the split), counter names any client could make
 * intact, and the parent's sum of its children's final counts.
 */
class TotalsFrameTest {

    private static final StatsSnapshot TOTAL = new StatsSnapshot("process", Instant.parse("2026-12-02T01:00:00Z"),
            12, 7, 1, 2, 531, 1428, 3, Map.of("children_live", 3L, "spares_idle", 2L));
    private static final Map<String, Long> COUNTERS = Map.of("http.requests", 6L, "http.status.GET.404", 1L,
            "http.host.a b=c%d\u00e9", 2L);

    @Test
    void theTotalsRoundTripWhateverTheSplitAndTheClientsBytesStayUnread() throws IOException {
        byte[] frame = TotalsFrame.frame(TOTAL, COUNTERS);
        byte[] all = new byte[frame.length + 6];
        System.arraycopy(frame, 0, all, 0, frame.length);
        System.arraycopy("hello\n".getBytes(StandardCharsets.US_ASCII), 0, all, frame.length, 6);
        for (int split = 0; split <= all.length; split++) {
            InputStream in = new AssignmentTest.Chunked(all, split);
            ClusterStats read = TotalsFrame.read(in);
            assertThat(read.total()).isEqualTo(TOTAL);
            assertThat(read.counters()).isEqualTo(COUNTERS);
            assertThat(read.workers()).isEmpty();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        }
    }

    @Test
    void aCutOrForeignFrameIsRefused() {
        byte[] frame = TotalsFrame.frame(TOTAL, COUNTERS);
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 1);
        assertThatThrownBy(() -> TotalsFrame.read(new ByteArrayInputStream(cut))).hasMessageContaining("ended inside");
        assertThatThrownBy(() -> TotalsFrame.read(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.US_ASCII))))
                .hasMessageContaining("not a totals header");
    }

    @Test
    void aChildsCountersLineKeepsAnyNameAndSkipsWhatItCannotRead() {
        assertThat(StatsLine.counters(StatsLine.counters(COUNTERS))).isEqualTo(COUNTERS);
        assertThat(StatsLine.counters("http.requests=3 junk =4 http.bytes_sent=x http.class.2xx=3"))
                .isEqualTo(Map.of("http.requests", 3L, "http.class.2xx", 3L));
    }

    @Test
    void theParentSumsEveryChildsFinalCountsWithItsOwn() {
        ServerStats stats = new ServerStats();
        stats.publish(io.wharf.core.stats.ProtocolCounters.class, () -> Map.of("http.requests", 0L));
        ProtocolTotals totals = new ProtocolTotals(stats);
        totals.add(Map.of("http.requests", 2L, "http.class.2xx", 2L));
        totals.add(Map.of("http.requests", 1L, "http.class.4xx", 1L));
        assertThat(totals.counters()).isEqualTo(Map.of("http.requests", 3L, "http.class.2xx", 2L,
                "http.class.4xx", 1L));
        assertThat(totals.cluster().counters()).isEqualTo(totals.counters());
        assertThat(ProtocolTotals.since(Map.of("a", 1L, "b", 2L), Map.of("a", 1L, "b", 5L, "c", 1L)))
                .isEqualTo(Map.of("b", 3L, "c", 1L));
    }
}
