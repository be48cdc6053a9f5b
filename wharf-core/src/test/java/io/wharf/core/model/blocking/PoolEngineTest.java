package io.wharf.core.model.blocking;

import io.wharf.core.Model;
import io.wharf.core.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PoolEngineTest extends ConcurrentBlockingModelContract {

    @Override
    Model model() {
        return Model.POOL;
    }

    @Test
    void turnsAClientAwayWhenTheQueueStaysFull() throws Exception {
        Server server = start(settings().withPool(1, 1, Duration.ofMillis(200)));
        try (LineClient served = LineClient.connect(server.localAddress());
             LineClient queued = LineClient.connect(server.localAddress())) {
            assertThat(served.roundTrip("served")).isEqualTo("served");
            queued.send("queued\n");
            await().atMost(AWAIT).until(() -> gauge(server, "queue_depth") == 1);
            try (LineClient refused = LineClient.connect(server.localAddress())) {
                assertThat(refused.readLine()).isEqualTo("ERROR server busy: all workers busy");
                assertThat(refused.readLine()).isNull();
            }
            assertThat(server.stats().snapshot().refusedConnections()).isEqualTo(1);
            assertThat(queued.silentFor(100)).isTrue();
            served.close();
            // the worker is free again: the queued client gets its answer
            assertThat(queued.readLine()).isEqualTo("queued");
            assertThat(gauge(server, "queue_depth")).isZero();
        }
    }

    @Test
    void runsTheWorkersPlusTheAcceptor() throws Exception {
        Server server = start(settings().withPool(3, 10, Duration.ofSeconds(1)));
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("x")).isEqualTo("x");
            assertThat(gauge(server, "threads_alive")).isEqualTo(4);
        }
        server.close();
        assertThat(gauge(server, "threads_alive")).isZero();
    }

    private static long gauge(Server server, String name) {
        return server.stats().snapshot().modelGauges().get(name);
    }
}
