package io.wharf.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerStatsPublishTest {

    record Counters(long requests) {
    }

    @Test
    void aProtocolsCountersAreFoundByType() {
        ServerStats stats = new ServerStats();
        assertThat(stats.published(Counters.class)).isEmpty();

        stats.publish(Counters.class, new Counters(1));
        stats.publish(Counters.class, new Counters(2));

        assertThat(stats.published(Counters.class)).contains(new Counters(2));
        assertThat(stats.published(String.class)).isEmpty();
    }
}
