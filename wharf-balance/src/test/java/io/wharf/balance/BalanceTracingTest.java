package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.tracing.OtlpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18's test: a request through the balancer to a wharf HTTP backend is one trace, the balancer's span
 * for the connection the parent of the backend's request span, its context carried in the PROXY v2 header.
 */
class BalanceTracingTest {

    @TempDir
    Path root;
    private OtlpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private String[] tracing(String... more) {
        List<String> s = new java.util.ArrayList<>(List.of("tracing.enabled=on", "tracing.endpoint=" + receiver.endpoint(),
                "tracing.export_interval=50ms", "tracing.sampling_ratio=1"));
        s.addAll(List.of(more));
        return s.toArray(String[]::new);
    }

    @Test
    void aRequestThroughTheBalancerIsOneTraceOfBothSpans() throws Exception {
        try (Server backend = HttpBackends.server(root, tracing("server.accept_proxy=on"));
             BalanceRig rig = new BalanceRig()) {
            int port = backend.localAddress().getPort();
            rig.balancer(Model.EVENT, tracing("balance.send_proxy=v2", "balance.check=none",
                    "balance.backends=127.0.0.1:" + port));
            String r = ProxyProtocolTest.get(new InetSocketAddress("127.0.0.1", 0), rig.address(), new byte[0],
                    "/hello.txt");
            assertThat(r).startsWith("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().size() >= 2);
            OtlpReceiver.Received balance = receiver.spans().stream().filter(s -> s.name().equals("balance lb"))
                    .findFirst().orElseThrow();
            OtlpReceiver.Received http = receiver.spans().stream().filter(s -> s.name().startsWith("GET"))
                    .findFirst().orElseThrow();
            assertThat(http.traceId()).isEqualTo(balance.traceId());
            assertThat(http.parentSpanId()).isEqualTo(balance.spanId());
            assertThat(balance.parentSpanId()).isEmpty();
            assertThat(balance.attributes())
                    .containsEntry("wharf.balance.backend", "127.0.0.1:" + port)
                    .containsEntry("wharf.balance.outcome", "closed")
                    .containsEntry("wharf.balance.attempts", "1")
                    .containsKey("wharf.balance.connect_us")
                    .containsEntry("client.address", "127.0.0.1");
            assertThat(Long.parseLong(balance.attribute("wharf.balance.bytes_to_client")))
                    .isEqualTo(r.length());
            assertThat(Long.parseLong(balance.attribute("wharf.balance.bytes_to_backend"))).isPositive();
            assertThat(http.attribute("client.address")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aRequestsOwnTraceparentWinsOverTheBalancers() throws Exception {
        String caller = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (Server backend = HttpBackends.server(root, tracing("server.accept_proxy=on"));
             BalanceRig rig = new BalanceRig()) {
            rig.balancer(Model.EVENT, tracing("balance.send_proxy=v2", "balance.check=none",
                    "balance.backends=127.0.0.1:" + backend.localAddress().getPort()));
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(rig.address(), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("GET /hello.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\ntraceparent: 00-"
                        + caller + "-00f067aa0ba902b7-01\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .startsWith("HTTP/1.1 200");
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans().stream()
                    .anyMatch(x -> x.name().startsWith("GET")));
            OtlpReceiver.Received http = receiver.spans().stream().filter(x -> x.name().startsWith("GET"))
                    .findFirst().orElseThrow();
            assertThat(http.traceId()).isEqualTo(caller);
            assertThat(http.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        }
    }
}
