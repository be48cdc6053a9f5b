package io.wharf.core.tls;

import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.layer.Layer;
import io.wharf.core.model.process.ChildSettings;
import io.wharf.core.proxy.ProxyHeader;
import io.wharf.core.proxy.ProxyKeys;
import io.wharf.core.proxy.ProxyLayer;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROXY comes first on the wire: {@code accept_proxy = on} with {@code tls = on} reads the header, then handshakes. */
class ProxyOverTlsTest {

    @TempDir
    Path dir;

    /** Answers a line with the client the connection names, over TLS. */
    private static final class Who implements Handler {
        @Override
        public void onData(Connection c, ByteBuffer data) {
            while (data.hasRemaining()) {
                if (data.get() == '\n') {
                    c.write(c.remoteAddress().getAddress().getHostAddress() + ":" + c.remoteAddress().getPort() + "\n");
                }
            }
        }
    }

    @Test
    void theHeaderComesBeforeTheHandshake() throws Exception {
        try (TlsFixture tls = new TlsFixture(dir)) {
            tls.settings.put(ProxyKeys.ACCEPT_PROXY, "on");
            Config c = tls.config();
            ServerStats stats = new ServerStats();
            ProtocolService service = ProtocolService.of(Who::new);
            Layer layer = ProxyLayer.of("t", c, TlsLayer.of("t", c, service, stats), stats);
            Host host = new Host(1, 1);
            try {
                HostedListener l = host.start(List.of(new ListenerSpec("t", "test",
                        ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"), service, stats,
                        ChildSettings.DEFAULTS, layer))).get(0);
                Socket plain = new Socket("127.0.0.1", l.localAddress().getPort());
                plain.getOutputStream().write(ProxyHeader.v2(new InetSocketAddress("192.0.2.10", 51022),
                        new InetSocketAddress("198.51.100.1", 443)));
                try (SSLSocket s = (SSLSocket) tls.clientContext().getSocketFactory()
                        .createSocket(plain, "127.0.0.1", l.localAddress().getPort(), true)) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write("who\n".getBytes(StandardCharsets.US_ASCII));
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).isEqualTo("192.0.2.10:51022");
                }
            } finally {
                host.close();
            }
        }
    }
}
