package io.wharf.cli;

import io.wharf.core.testing.LineClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Running out of file descriptors (EMFILE): logged once, existing clients keep being served, and accepting
 * resumes by itself once descriptors free up. The server runs under {@code ulimit -n 160}.
 */
class FileDescriptorExhaustionIT {

    private static final int FILE_LIMIT = 160;
    private static final int CLIENTS = 260;

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "event"})
    void survivesAndRecoversFromEmfile(String model) throws Exception {
        int port = WharfProcess.freePort();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<LineClient> crowd = new ArrayList<>();
        try (WharfProcess w = WharfProcess.startWithFileLimit(FILE_LIMIT, "serve", "echo", "--bind", "127.0.0.1",
                "--port", "" + port, "--model", model)) {
            w.awaitOutput("ready on port");
            LineClient first = LineClient.connect(address);
            crowd.add(first);
            assertThat(first.readLine()).startsWith("Welcome");
            for (int i = 0; i < CLIENTS; i++) {
                crowd.add(LineClient.connect(address)); // the kernel completes these handshakes from the backlog
            }
            w.awaitOutput("out of file descriptors");
            first.send("still served\n");
            assertThat(first.readLine()).isEqualTo("Echo #1: still served");
            assertThat(w.isAlive()).isTrue();

            for (LineClient c : crowd.subList(1, crowd.size())) {
                c.close();
            }
            w.awaitOutput("file descriptors available again");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (LineClient late = LineClient.connect(address, Duration.ofSeconds(2))) {
                    assertThat(late.readLine()).startsWith("Welcome");
                }
            });
            first.send("quit\n");
            assertThat(first.readLine()).isEqualTo("Goodbye!");
            // logged once per episode: "out of" and "available again" alternate, never two "out of" in a row
            List<String> episodes = w.output().lines()
                    .filter(l -> l.contains("out of file descriptors") || l.contains("available again"))
                    .map(l -> l.contains("out of") ? "out" : "again").toList();
            assertThat(episodes).isNotEmpty().startsWith("out");
            for (int i = 1; i < episodes.size(); i++) {
                assertThat(episodes.get(i)).as("episode log %s", episodes).isNotEqualTo(episodes.get(i - 1));
            }
        } finally {
            for (LineClient c : crowd) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
