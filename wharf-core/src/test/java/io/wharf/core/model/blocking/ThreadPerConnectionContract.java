package io.wharf.core.model.blocking;

import io.wharf.core.Server;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The thread-per-connection engine, under platform threads ({@code thread}) or virtual ones ({@code virtual}). */
abstract class ThreadPerConnectionContract extends ConcurrentBlockingModelContract {

    /** Whether the model runs each connection on a virtual thread. */
    abstract boolean virtualThreads();

    @Test
    void runsAThreadPerConnectionPlusTheAcceptor() throws Exception {
        Server server = start(settings());
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                LineClient client = LineClient.connect(server.localAddress());
                clients.add(client);
                assertThat(client.roundTrip("c" + i)).isEqualTo("c" + i);
            }
            assertThat(threadsAlive(server)).isEqualTo(4);
        } finally {
            for (LineClient c : clients) {
                c.close();
            }
        }
        await().atMost(AWAIT).until(() -> threadsAlive(server) == 1);
        server.close();
        assertThat(threadsAlive(server)).isZero();
    }

    @Test
    void servesEachConnectionOnItsKindOfThread() throws Exception {
        Queue<Boolean> virtual = new ConcurrentLinkedQueue<>();
        Server server = Server.start(settings(), () -> new Handler() {
            @Override
            public void onData(Connection connection, ByteBuffer data) {
                virtual.add(Thread.currentThread().isVirtual());
                connection.write(data);
            }
        });
        try (server; LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("which")).isEqualTo("which");
        }
        assertThat(virtual).containsOnly(virtualThreads());
    }

    private static long threadsAlive(Server server) {
        return server.stats().snapshot().modelGauges().get("threads_alive");
    }
}
