package io.wharf.core.model.blocking;

import io.wharf.core.Limits;
import io.wharf.core.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the blocking models that serve several clients at once ({@code thread}, {@code virtual}, {@code pool}) add. */
abstract class ConcurrentBlockingModelContract extends BlockingModelContract {

    private static final int ROUND_TRIPS = 10;

    @Test
    void servesFiftyClientsAtOnce() throws Exception {
        Server server = start(settings());
        int clients = 50;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answered = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                answered.add(pool.submit(() -> {
                    int ok = 0;
                    try (LineClient client = LineClient.connect(server.localAddress())) {
                        for (int i = 0; i < ROUND_TRIPS; i++) {
                            String line = "client " + id + " line " + i;
                            if (line.equals(client.roundTrip(line))) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : answered) {
                assertThat(f.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ROUND_TRIPS);
            }
        }
        await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
        assertThat(server.stats().snapshot().totalConnections()).isEqualTo(clients);
    }

    @Test
    void refusesTheClientPastMaxConnections() throws Exception {
        Server server = start(settings().withLimits(new Limits(2, Duration.ZERO, 1 << 20, Duration.ofSeconds(30))));
        try (LineClient first = LineClient.connect(server.localAddress());
             LineClient second = LineClient.connect(server.localAddress())) {
            assertThat(first.roundTrip("one")).isEqualTo("one");
            assertThat(second.roundTrip("two")).isEqualTo("two");
            try (LineClient third = LineClient.connect(server.localAddress())) {
                assertThat(third.readLine()).isEqualTo("ERROR server busy: too many connections (max_connections=2)");
                assertThat(third.readLine()).isNull();
            }
            assertThat(server.stats().snapshot().refusedConnections()).isEqualTo(1);
            assertThat(first.roundTrip("still here")).isEqualTo("still here");
        }
        // the slots come back: a new client is admitted once the others left
        await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
        try (LineClient later = LineClient.connect(server.localAddress())) {
            assertThat(later.roundTrip("later")).isEqualTo("later");
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotStallTheOthers() throws Exception {
        Server server = start(stallSettings(64 * 1024, Duration.ofSeconds(1)));
        try (LineClient other = LineClient.connect(server.localAddress());
             LineClient stuck = LineClient.connect(server.localAddress(), SMALL_WINDOW)) {
            assertThat(other.roundTrip("first")).isEqualTo("first");
            floodWithoutReading(stuck);
            // the other client keeps getting answers while the stuck one is detected and dropped
            await().atMost(AWAIT).untilAsserted(() -> {
                assertThat(other.roundTrip("ping")).isEqualTo("ping");
                assertThat(server.stats().activeConnections()).isEqualTo(1);
            });
            assertThat(stuck.closedByServer()).isTrue();
            assertThat(other.roundTrip("after")).isEqualTo("after");
        }
    }
}
