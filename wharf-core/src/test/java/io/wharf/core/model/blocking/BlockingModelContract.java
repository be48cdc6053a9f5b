package io.wharf.core.model.blocking;

import io.wharf.core.Limits;
import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;
import io.wharf.core.StartupException;
import io.wharf.core.spi.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What every blocking model must do, against real sockets on 127.0.0.1. Subclasses pick the model and add
 * what is specific to it.
 */
abstract class BlockingModelContract {

    static final Duration AWAIT = Duration.ofSeconds(5);
    static final int SMALL_WINDOW = 4 * 1024;

    final TestHandlers handlers = new TestHandlers();
    private final List<Server> servers = new ArrayList<>();

    abstract Model model();

    ServerSettings settings() {
        return ServerSettings.defaults(0, model()).withBindAddress("127.0.0.1");
    }

    Server start(ServerSettings settings) throws StartupException {
        Server server = Server.start(settings, handlers);
        servers.add(server);
        return server;
    }

    @AfterEach
    void closeServers() {
        servers.forEach(Server::close);
    }

    /** Small outbox, write timeout and server send buffer, so a client that stops reading stalls in a moment. */
    ServerSettings stallSettings(long maxOutbox, Duration writeTimeout) {
        ServerSettings s = settings().withLimits(new Limits(100, Duration.ZERO, maxOutbox, writeTimeout));
        SocketOptions small = new SocketOptions(true, false, 0, 8 * 1024, false, true);
        return new ServerSettings(s.bindAddress(), s.port(), s.backlog(), s.model(), s.threadPoolSize(),
                s.queueSize(), s.enqueueTimeout(), s.eventLoops(), s.workerThreads(), small, s.drainTimeout(),
                s.limits());
    }

    Connection nextOpened() throws InterruptedException {
        Connection c = handlers.opened.poll(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(c).as("a connection was opened").isNotNull();
        return c;
    }

    /** Sends without ever reading, from its own thread, until the server drops the connection. */
    static Thread floodWithoutReading(LineClient client) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        return Thread.ofPlatform().daemon().name("flood").start(() -> {
            try {
                for (;;) {
                    client.send(chunk);
                }
            } catch (IOException e) {
                // dropped by the server, as intended
            }
        });
    }

    @Test
    void echoesWhatTheClientSends() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("hello")).isEqualTo("hello");
            assertThat(client.roundTrip("again")).isEqualTo("again");
        }
        await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
        assertThat(server.stats().snapshot().totalConnections()).isEqualTo(1);
    }

    @Test
    void writesFromAnotherThreadArriveInOrder() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            Connection connection = nextOpened();
            int lines = 5_000;
            for (int i = 0; i < lines; i++) {
                connection.write(i + "\n");
            }
            for (int i = 0; i < lines; i++) {
                assertThat(client.readLine()).isEqualTo(Integer.toString(i));
            }
        }
    }

    @Test
    void closeFromAnotherThreadSendsWhatWasWrittenFirst() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            Connection connection = nextOpened();
            for (int i = 0; i < 200; i++) {
                connection.write("line " + i + "\n");
            }
            connection.close();
            for (int i = 0; i < 200; i++) {
                assertThat(client.readLine()).isEqualTo("line " + i);
            }
            assertThat(client.readLine()).isNull();
        }
        await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
    }

    @Test
    void aForeignWriterNeverBlocksOnAClientThatStopsReading() throws Exception {
        Server server = start(stallSettings(64 * 1024, Duration.ofSeconds(30)));
        try (LineClient stuck = LineClient.connect(server.localAddress(), SMALL_WINDOW)) {
            Connection connection = nextOpened();
            byte[] chunk = new byte[16 * 1024];
            // the outbox passes max_outbox long before 16 MiB, so the connection is dropped, not the writer blocked
            assertTimeoutPreemptively(AWAIT, () -> {
                for (int i = 0; i < 1024 && connection.isOpen(); i++) {
                    connection.write(chunk);
                }
            });
            assertThat(connection.isOpen()).isFalse();
            await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
            assertThat(stuck.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws Exception {
        Server server = start(stallSettings(64 * 1024, Duration.ofSeconds(1)));
        try (LineClient stuck = LineClient.connect(server.localAddress(), SMALL_WINDOW)) {
            Thread flood = floodWithoutReading(stuck);
            await().atMost(AWAIT).until(() -> server.stats().snapshot().totalConnections() == 1
                    && server.stats().activeConnections() == 0);
            flood.join(AWAIT.toMillis());
            assertThat(flood.isAlive()).isFalse();
        }
        try (LineClient next = LineClient.connect(server.localAddress())) {
            assertThat(next.roundTrip("still serving")).isEqualTo("still serving");
        }
    }

    @Test
    void idleTimeoutClosesAnIdleClient() throws Exception {
        Server server = start(settings().withLimits(
                new Limits(100, Duration.ofSeconds(1), 1 << 20, Duration.ofSeconds(30))));
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("hi")).isEqualTo("hi");
            assertThat(client.readLine()).isNull();
        }
        await().atMost(AWAIT).until(() -> server.stats().activeConnections() == 0);
    }

    @Test
    void aHandlerFailureClosesOnlyItsConnection() throws Exception {
        Server server = start(settings());
        try (LineClient failing = LineClient.connect(server.localAddress())) {
            failing.send("boom\n");
            assertThat(failing.closedByServer()).isTrue();
        }
        try (LineClient other = LineClient.connect(server.localAddress())) {
            assertThat(other.roundTrip("fine")).isEqualTo("fine");
        }
        assertThat(server.stats().snapshot().errors()).isEqualTo(1);
    }

    @Test
    void gracefulShutdownLetsAnInFlightClientFinish() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("before")).isEqualTo("before");
            Connection connection = nextOpened();
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(
                    () -> server.shutdown(Duration.ofSeconds(10)));
            await().atMost(AWAIT).until(connection::draining);
            assertThat(client.roundTrip("during")).isEqualTo("during");
            assertThat(shutdown).isNotDone();
            client.close();
            assertThat(shutdown.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(server.stats().activeConnections()).isZero();
    }

    @Test
    void drainTimeoutAbortsAClientThatNeverLeaves() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("staying")).isEqualTo("staying");
            assertThat(server.shutdown(Duration.ofMillis(300))).isFalse();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(server.stats().activeConnections()).isZero();
        assertThat(server.stats().snapshot().modelGauges()).containsEntry("threads_alive", 0L);
    }
}
