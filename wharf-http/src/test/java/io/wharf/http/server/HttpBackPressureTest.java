package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A client pipelines 100,000 requests and reads nothing for several seconds, then reads everything: every
 * response arrives, in order, with status 200, and the connection is never dropped.
 *
 * <p>Depends on the core's read back-pressure ({@code Connection.writable}, {@code pauseReading},
 * {@code Handler.onWritabilityChanged}), which is being built on another branch. Until the {@code event} and
 * {@code reactor} engines implement it (the SPI defaults say "always writable" and pause nothing), those two
 * cases are expected to fail: the server keeps reading and answering, its queued output passes
 * {@code max_outbox}, and it drops the client. The blocking models pass already, since a write blocks the
 * connection's own thread, which then reads nothing more.
 */
class HttpBackPressureTest {

    private static final int REQUESTS = 100_000;
    private static final int FILES = 10;
    /** Long enough for every buffer between client and server to fill; well under {@code write_timeout}. */
    private static final Duration NOT_READING = Duration.ofSeconds(3);

    @TempDir
    Path root;
    private HttpTestServer server;

    @BeforeEach
    void files() throws Exception {
        // several small files, so that the order of identical-looking answers can be checked
        for (int i = 0; i < FILES; i++) {
            Files.writeString(root.resolve(name(i)), "small file " + i + "\n");
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String name(int i) {
        return i == 0 ? "small.txt" : "small-" + i + ".txt";
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"THREAD", "VIRTUAL", "POOL", "EVENT", "REACTOR"})
    void aClientThatPipelinesWithoutReadingGetsEveryAnswerInOrder(Model model) throws Exception {
        server = HttpTestServer.start(model, root, "http.keepalive_requests=" + (REQUESTS + 1));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (RawHttpClient c = server.client()) {
            Future<?> sent = writer.submit(() -> {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < REQUESTS; i++) {
                    batch.writeBytes(("GET /" + name(i % FILES) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    if (batch.size() > 32 * 1024 || i == REQUESTS - 1) {
                        c.send(batch.toByteArray()); // blocks once the server stops reading
                        batch.reset();
                    }
                }
                return null;
            });
            await("the server keeps the connection of a client that does not read")
                    .during(NOT_READING).atMost(NOT_READING.plusSeconds(10))
                    .until(() -> server.server().stats().snapshot().activeConnections() == 1);

            for (int i = 0; i < REQUESTS; i++) {
                RawResponse r = c.read();
                String expected = "small file " + (i % FILES) + "\n";
                if (r == null || r.status() != 200 || !r.text().equals(expected)) {
                    fail("response " + i + ": expected 200 '" + expected.strip() + "', got "
                            + (r == null ? "end of stream" : r.status() + " '" + r.text().strip() + "'"));
                }
            }
            sent.get();
            assertThat(server.server().stats().snapshot().activeConnections()).isEqualTo(1);
            // what the server queued for this client stayed within the high watermark plus one response
            long high = server.server().limits().writeBuffer().high();
            assertThat(server.server().stats().peakOutboxBytes()).isLessThanOrEqualTo(high + 512);
        } finally {
            writer.shutdownNow();
        }
    }
}
