package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.testing.LineClient;
import io.wharf.echo.EchoProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Active and passive health checks against real backends, and what a backend going down does. */
class HealthTest {

    @TempDir
    Path root;

    @Test
    void aStoppedBackendIsMarkedDownGetsNoClientsAndComesBackWhenRestarted() throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(2, EchoProtocol.handlers(true, 1024))) {
            rig.balancer(Model.EVENT, "balance.check=tcp", "balance.check_interval=200ms", "balance.fall=2",
                    "balance.rise=2");
            Backend first = rig.service().backends().get(0);
            int port = rig.backend(0).localAddress().getPort();
            rig.backend(0).close();
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> first.state() == Backend.State.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("within interval x fall, and some slack")
                    .isLessThan(Duration.ofMillis(200 * 2 + 1500));
            for (int i = 0; i < 6; i++) {
                echo(rig, "while down " + i);
            }
            assertThat(first.connectFailures()).as("no client was sent to it").isZero();
            try (Server again = Server.start(ServerSettings.defaults(port, Model.EVENT).withBindAddress("127.0.0.1"),
                    EchoProtocol.handlers(true, 1024))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> first.state() == Backend.State.UP);
                assertThat(first.transitions()).isEqualTo(2);
                for (int i = 0; i < 4; i++) {
                    echo(rig, "back " + i);
                }
                assertThat(again.stats().snapshot().totalConnections()).as("clients and checks").isGreaterThan(2);
            }
        }
    }

    @Test
    void aHungBackendIsDetectedByTheCheckTimeout() throws Exception {
        ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (BalanceRig rig = new BalanceRig()) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> { // accepts, never answers: a stopped process
                try {
                    while (true) {
                        held.add(hung.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            rig.balancer(Model.EVENT, "balance.backends=127.0.0.1:" + hung.getLocalPort(), "balance.check=redis",
                    "balance.check_interval=200ms", "balance.check_timeout=300ms", "balance.fall=1");
            Backend b = rig.service().backends().get(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == Backend.State.DOWN);
            assertThat(b.lastCheckMicros()).isEqualTo(-1);
            hung.close(); // ends the acceptor
            acceptor.join(5000);
            for (Socket s : held) {
                s.close();
            }
        } finally {
            hung.close();
        }
    }

    @Test
    void anHttpCheckWantsTheExpectedStatus() throws Exception {
        Files.writeString(root.resolve("health"), "ok\n");
        try (BalanceRig rig = new BalanceRig().backends(1, HttpBackends.handlers(root))) {
            String[] keys = {"balance.check=http", "balance.check_path=/health", "balance.check_interval=200ms",
                    "balance.fall=1", "balance.rise=1", "balance.backends=" + rig.backendList()};
            rig.balancer(Model.EVENT, keys);
            Backend b = rig.service().backends().get(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.lastCheckMicros() >= 0);
            assertThat(b.state()).isEqualTo(Backend.State.UP);
            keys[1] = "balance.check_path=/missing"; // a 404
            rig.service().reconfigure(BalanceRig.config(keys));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == Backend.State.DOWN);
            keys[1] = "balance.check_path=/health";
            rig.service().reconfigure(BalanceRig.config(keys));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == Backend.State.UP);
        }
    }

    @Test
    void shutdownSessionsClosesTheConnectionsOfABackendMarkedDown() throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(1, EchoProtocol.handlers(true, 1024))) {
            String[] keys = {"balance.check=line", "balance.check_send=PING", "balance.check_expect=PING",
                    "balance.check_interval=200ms", "balance.fall=1", "balance.on_down=shutdown_sessions"};
            rig.balancer(Model.EVENT, keys);
            Backend b = rig.service().backends().get(0);
            try (LineClient c = LineClient.connect(rig.address())) {
                c.send("still here\n");
                assertThat(c.readLine()).isEqualTo("still here");
                List<String> failing = new ArrayList<>(List.of(keys));
                failing.set(2, "balance.check_expect=PONG");
                failing.add("balance.backends=" + rig.backendList());
                rig.service().reconfigure(BalanceRig.config(failing.toArray(String[]::new)));
                await().atMost(Duration.ofSeconds(5)).until(() -> b.state() == Backend.State.DOWN);
                assertThat(c.awaitClosed()).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> b.active() == 0);
        }
    }

    @Test
    void failedClientConnectsMarkABackendDownPassively() throws Exception {
        int dead = ProxyTest.deadPort();
        try (BalanceRig rig = new BalanceRig().backends(1, EchoProtocol.handlers(true, 1024))) {
            rig.balancer(Model.EVENT, "balance.check=tcp", "balance.check_interval=1h", "balance.fall=2",
                    "balance.backends=127.0.0.1:" + dead + ", " + rig.backendList());
            Backend gone = rig.service().backends().get(0);
            for (int i = 0; i < 8; i++) {
                echo(rig, "passive " + i);
            }
            assertThat(gone.state()).isEqualTo(Backend.State.DOWN);
            assertThat(gone.connectFailures()).as("the first check and the client connects").isLessThanOrEqualTo(2);
        }
    }

    private static void echo(BalanceRig rig, String line) throws Exception {
        try (LineClient c = LineClient.connect(rig.address())) {
            c.send(line + "\n");
            assertThat(c.readLine()).isEqualTo(line);
        }
    }
}
