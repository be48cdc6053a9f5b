package io.wharf.balance;

import io.wharf.core.Model;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code busy_reply}: a client no backend can take hears so in its backends' language, then the close. */
class BusyReplyTest {

    /** A loopback port nothing listens on (bound, then closed). */
    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String reply(InetSocketAddress to) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void whenEveryConnectFailsTheClientGetsTheReplyNamed() throws Exception {
        String dead = "127.0.0.1:" + deadPort();
        try (BalanceRig rig = new BalanceRig().balancer(Model.EVENT, "balance.check=none", "balance.retries=0",
                "balance.busy_reply=http", "balance.backends=" + dead)) {
            String r = reply(rig.address());
            assertThat(r).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("Retry-After: 1\r\n")
                    .endsWith("503 Service Unavailable: no backend could be reached\n");
        }
        try (BalanceRig rig = new BalanceRig().balancer(Model.VIRTUAL, "balance.check=none", "balance.retries=0",
                "balance.busy_reply=redis", "balance.backends=" + dead)) {
            assertThat(reply(rig.address())).isEqualTo("-ERR no backend could be reached\r\n");
        }
    }

    @Test
    void whenEveryBackendIsDownTheClientGetsTheLineOrAPlainClose() throws Exception {
        String dead = "127.0.0.1:" + deadPort();
        try (BalanceRig rig = new BalanceRig().balancer(Model.EVENT, "balance.check=tcp",
                "balance.check_interval=100ms", "balance.fall=1", "balance.busy_reply=line",
                "balance.busy_line=-BUSY try later", "balance.backends=" + dead)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !rig.service().backends().getFirst().available());
            assertThat(reply(rig.address())).isEqualTo("-BUSY try later\r\n");
            assertThat(rig.service().counters().export()).containsEntry("balance.no_backend", 1L);
        }
        try (BalanceRig rig = new BalanceRig().balancer(Model.EVENT, "balance.check=tcp",
                "balance.check_interval=100ms", "balance.fall=1", "balance.backends=" + dead)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !rig.service().backends().getFirst().available());
            assertThat(reply(rig.address())).isEmpty(); // busy_reply = close, the default
        }
    }
}
