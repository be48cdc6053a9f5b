package io.wharf.core.proxy;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.layer.Layer;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code accept_proxy = on} on a real listener: the client a header names is the connection's
 * {@code remoteAddress()} (the socket's peer stays {@code peerAddress()}), the bytes after the header reach the
 * protocol, and a missing, malformed or untrusted header is refused and counted.
 */
class ProxyLayerTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 51022);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 80);

    /** Answers each line with who sent it: {@code remote peer traceparent}. */
    private static final class WhoHandler implements Handler {
        @Override
        public void onOpen(Connection c) {
            c.write("hi\n"); // a banner: an untrusted peer still gets it at once
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            while (data.hasRemaining()) {
                if (data.get() == '\n') {
                    c.write(c.remoteAddress().getAddress().getHostAddress() + ":" + c.remoteAddress().getPort() + " "
                            + c.peerAddress().getAddress().getHostAddress() + " "
                            + c.proxied().flatMap(ProxiedClient::traceparent).orElse("-") + "\n");
                }
            }
        }
    }

    private record Rig(Server server, ProxyFailures failures, Layer layer) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private static Rig start(Model model, String trusted) throws Exception {
        Config c = Config.defaults(CoreKeys.schema()).override(ProxyKeys.ACCEPT_PROXY, "on", "test");
        if (trusted != null) {
            c = c.override(ProxyKeys.ACCEPT_PROXY_FROM, trusted, "test");
        }
        ServerStats stats = new ServerStats();
        Layer layer = ProxyLayer.of("test", c, Layer.NONE, stats);
        Server s = Server.start(ServerSettings.defaults(0, model).withBindAddress("127.0.0.1"),
                ProtocolService.of(WhoHandler::new), stats, layer);
        return new Rig(s, stats.published(ProxyFailures.class).orElseThrow(), layer);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD"})
    void aTrustedPeersHeaderNamesTheClient(Model model) throws Exception {
        try (Rig rig = start(model, null); LineClient c = LineClient.connect(rig.server().localAddress())) {
            byte[] header = ProxyHeader.v1(CLIENT, SERVER);
            byte[] all = new byte[header.length + 6];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy("hello\n".getBytes(StandardCharsets.US_ASCII), 0, all, header.length, 6);
            c.sendRaw(all); // header and data in one segment: the data is the protocol's
            assertThat(c.readLine()).isEqualTo("hi"); // the banner comes once the header is read
            assertThat(c.readLine()).isEqualTo("192.0.2.10:51022 127.0.0.1 -");
            c.send("again\n");
            assertThat(c.readLine()).isEqualTo("192.0.2.10:51022 127.0.0.1 -");
        }
    }

    @Test
    void versionTwoSentInPiecesCarriesItsTlvs() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (Rig rig = start(Model.EVENT, null); LineClient c = LineClient.connect(rig.server().localAddress())) {
            byte[] header = ProxyHeader.v2(CLIENT, SERVER,
                    Map.of(ProxyHeader.TRACE_CONTEXT, traceparent.getBytes(StandardCharsets.US_ASCII)));
            c.sendRaw(java.util.Arrays.copyOf(header, 7));
            c.sendRaw(java.util.Arrays.copyOfRange(header, 7, header.length));
            c.send("x\n");
            assertThat(c.readLine()).isEqualTo("hi");
            assertThat(c.readLine()).isEqualTo("192.0.2.10:51022 127.0.0.1 " + traceparent);
            assertThat(rig.failures().headers()).isEqualTo(1);
        }
    }

    @Test
    void aTrustedPeerWithoutAHeaderIsRefusedAndCounted() throws Exception {
        try (Rig rig = start(Model.EVENT, null)) {
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                c.send("hello\n");
                assertThat(c.awaitClosed()).isTrue();
            }
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                c.send("PROXY TCP4 192.0.2.10 nowhere 1 2\r\n");
                assertThat(c.awaitClosed()).isTrue();
            }
            assertThat(rig.failures().failures(ProxyFailures.Kind.MISSING)).isEqualTo(1);
            assertThat(rig.failures().failures(ProxyFailures.Kind.MALFORMED)).isEqualTo(1);
            assertThat(rig.failures().export()).containsEntry("proxy.failed.missing", 1L);
        }
    }

    @Test
    void anUntrustedPeerIsServedAsItIsAndItsHeaderRefused() throws Exception {
        try (Rig rig = start(Model.EVENT, "10.0.0.0/8")) {
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                assertThat(c.readLine()).isEqualTo("hi"); // at once: no header is awaited from it
                c.send("hello\n");
                assertThat(c.readLine()).startsWith("127.0.0.1:").endsWith(" 127.0.0.1 -");
            }
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                assertThat(c.readLine()).isEqualTo("hi");
                c.sendRaw(ProxyHeader.v1(CLIENT, SERVER)); // a client claiming to be someone else
                assertThat(c.awaitClosed()).isTrue();
            }
            assertThat(rig.failures().failures(ProxyFailures.Kind.UNTRUSTED)).isEqualTo(1);
            assertThat(rig.failures().headers()).isZero();
        }
    }

    @Test
    void aReloadChangesWhoIsTrustedForTheNextConnections() throws Exception {
        try (Rig rig = start(Model.EVENT, "10.0.0.0/8")) {
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                assertThat(c.readLine()).isEqualTo("hi"); // untrusted: served at once
            }
            rig.layer().reconfigure(Config.defaults(CoreKeys.schema()).override(ProxyKeys.ACCEPT_PROXY, "on", "test")
                    .override(ProxyKeys.ACCEPT_PROXY_FROM, "127.0.0.1", "test"));
            try (LineClient c = LineClient.connect(rig.server().localAddress())) {
                c.sendRaw(ProxyHeader.v1(CLIENT, SERVER));
                c.send("x\n");
                assertThat(c.readLine()).isEqualTo("hi");
                assertThat(c.readLine()).isEqualTo("192.0.2.10:51022 127.0.0.1 -");
            }
        }
    }
}
