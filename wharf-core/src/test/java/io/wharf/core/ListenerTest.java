package io.wharf.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ListenerTest {

    private static ServerSettings on(String address, int port) {
        return ServerSettings.defaults(port, Model.EVENT).withBindAddress(address);
    }

    @Test
    void bindsIpv4LoopbackAndAcceptsAConnection() throws Exception {
        try (ServerSocketChannel ch = Listener.bind(on("127.0.0.1", 0));
             Socket s = new Socket("127.0.0.1", ((InetSocketAddress) ch.getLocalAddress()).getPort())) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void bindsIpv6LoopbackWithOrWithoutBrackets() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        for (String address : new String[] {"::1", "[::1]"}) {
            try (ServerSocketChannel ch = Listener.bind(on(address, 0));
                 Socket s = new Socket("::1", ((InetSocketAddress) ch.getLocalAddress()).getPort())) {
                assertThat(((InetSocketAddress) ch.getLocalAddress()).getAddress()).isInstanceOf(Inet6Address.class);
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void allInterfacesIpv6AlsoTakesIpv4Clients() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 on this machine");
        try (ServerSocketChannel ch = Listener.bind(on("::", 0));
             Socket s = new Socket("127.0.0.1", ((InetSocketAddress) ch.getLocalAddress()).getPort())) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void portInUseIsOneLineWithAHint() throws Exception {
        try (ServerSocketChannel first = Listener.bind(on("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            assertThatThrownBy(() -> Listener.bind(on("127.0.0.1", port)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("port " + port + " is already in use")
                    .hasMessageContaining("--port")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void portOutOfRangeAndUnknownHost() {
        assertThatThrownBy(() -> Listener.bind(on("127.0.0.1", 65536)))
                .hasMessage("port 65536 is out of range: use 1-65535");
        assertThatThrownBy(() -> Listener.bind(on("no-such-host.invalid", 7000)))
                .hasMessage("unknown host or address 'no-such-host.invalid' for bind_address");
    }

    @Test
    void defaultBacklogIsTheKernelMaximumAsCatReadsIt() throws Exception {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        assumeTrue(Files.exists(somaxconn), "not Linux");
        Process cat = new ProcessBuilder("cat", somaxconn.toString()).start();
        int expected = Integer.parseInt(new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertThat(Listener.somaxconn()).isEqualTo(expected);
        assertThat(Listener.backlog(0)).isEqualTo(expected);
        assertThat(Listener.backlog(10)).isEqualTo(10);
    }

    private static boolean ipv6Loopback() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress());
        } catch (IOException e) {
            return false;
        }
    }
}
