package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.testing.LineClient;
import io.wharf.echo.EchoProtocol;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients through a real balancer to real wharf backends, under each model that can run it. */
class ProxyTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD", "POOL"})
    void echoGoesThroughAndRoundRobinSpreadsClientsEvenly(Model model) throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(3, EchoProtocol.handlers(true, 1024))
                .balancer(model, "balance.check=none")) {
            for (int i = 0; i < 30; i++) {
                try (LineClient c = LineClient.connect(rig.address())) {
                    c.send("hello " + i + "\n");
                    assertThat(c.readLine()).isEqualTo("hello " + i);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.accepted().equals(List.of(10L, 10L, 10L)));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> rig.service().backends().stream().allMatch(b -> b.active() == 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD"})
    void httpGoesThroughToEveryBackend(Model model) throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello through the balancer\n");
        try (BalanceRig rig = new BalanceRig()) {
            for (int i = 0; i < 3; i++) {
                rig.backends(1, HttpBackends.handlers(root));
            }
            rig.balancer(model, "balance.check=http", "balance.check_path=/hello.txt");
            for (int i = 0; i < 6; i++) {
                try (HttpClient http = HttpClient.newHttpClient()) { // a new client: a new connection each time
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + rig.address().getPort() + "/hello.txt")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("hello through the balancer\n");
                }
            }
            assertThat(rig.service().backends()).allMatch(b -> b.total() == 2);
            assertThat(rig.service().backends()).allMatch(Backend::available);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD"})
    void aHalfCloseReachesTheBackendWhichStillAnswers(Model model) throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(2, CountingHandler::new).balancer(model, "balance.check=none");
             Socket s = new Socket("127.0.0.1", rig.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 16; i++) {
                out.write(chunk);
            }
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("count=1048576\n");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void aRefusedConnectIsRetriedOnAnotherBackendBeforeTheClientSeesAnything(Model model) throws Exception {
        int dead = deadPort();
        try (BalanceRig rig = new BalanceRig().backends(2, EchoProtocol.handlers(true, 1024))) {
            rig.balancer(model, "balance.check=none", "balance.retries=1",
                    "balance.backends=127.0.0.1:" + dead + ", " + rig.backendList());
            for (int i = 0; i < 12; i++) {
                try (LineClient c = LineClient.connect(rig.address())) {
                    c.send("ping " + i + "\n");
                    assertThat(c.readLine()).isEqualTo("ping " + i);
                }
            }
            assertThat(rig.service().counters().retryCount()).isPositive();
            assertThat(rig.accepted()).allMatch(n -> n > 0);
            assertThat(rig.accepted().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "THREAD"})
    void withEveryBackendDownTheClientIsClosed(Model model) throws Exception {
        try (BalanceRig rig = new BalanceRig()) {
            rig.balancer(model, "balance.check=none", "balance.retries=5",
                    "balance.backends=127.0.0.1:" + deadPort() + ", 127.0.0.1:" + deadPort());
            try (LineClient c = LineClient.connect(rig.address())) {
                assertThat(c.awaitClosed()).isTrue();
            }
            assertThat(rig.service().counters().noBackendCount()).isEqualTo(1);
            assertThat(rig.service().backends()).allMatch(b -> b.connectFailures() == 1 && b.active() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void sendProxyGivesTheBackendTheClientsAddressFirst(Model model) throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(1, EchoProtocol.handlers(true, 1024))
                .balancer(model, "balance.check=none", "balance.send_proxy=v1");
             LineClient c = LineClient.connect(rig.address())) {
            int port = c.socket().getLocalPort();
            c.send("after the header\n");
            assertThat(c.readLine()).as("the raw echo backend returns what it got")
                    .isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + port + " " + rig.address().getPort());
            assertThat(c.readLine()).isEqualTo("after the header");
        }
        try (BalanceRig rig = new BalanceRig().backends(1, EchoProtocol.handlers(true, 1024))
                .balancer(model, "balance.check=none", "balance.send_proxy=v2");
             LineClient c = LineClient.connect(rig.address())) {
            c.send("x");
            byte[] got = c.readBytes(29);
            assertThat(got[12]).isEqualTo((byte) 0x21);
            assertThat(got[28]).isEqualTo((byte) 'x');
        }
    }

    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
