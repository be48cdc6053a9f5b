package io.wharf.balance;

import io.wharf.core.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backend that accepts connections (so a TCP check passes) but resets each one once a client's bytes arrive:
 * each reset after the connect is a passive failure, and {@code fall} of them in a row mark it down.
 */
class PassiveResetTest {

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void resetsAfterTheConnectMarkABackendDown(Model model) throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BalanceRig rig = new BalanceRig()) {
            Thread.ofPlatform().daemon().name("resetting-backend").start(() -> resetEach(backend));
            rig.balancer(model, "balance.check=tcp", "balance.check_interval=1h", "balance.fall=2",
                    "balance.backends=127.0.0.1:" + backend.getLocalPort());
            Backend b = rig.service().backends().getFirst();
            for (int i = 0; i < 2; i++) {
                try (Socket s = new Socket("127.0.0.1", rig.address().getPort())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    try {
                        assertThat(s.getInputStream().read()).isEqualTo(-1); // the balancer closes: nothing came
                    } catch (IOException reset) {
                        // the client may see the reset passed on
                    }
                }
                int done = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> b.connectFailures() == done);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !b.available());
            assertThat(b.state()).isEqualTo(Backend.State.DOWN);
        }
    }

    /** Reads a client's first bytes, then closes with a reset (SO_LINGER 0); a check's empty connection too. */
    private static void resetEach(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getInputStream().read();
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed by the test
            }
        }
    }
}
