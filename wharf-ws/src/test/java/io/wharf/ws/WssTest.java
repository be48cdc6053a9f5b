package io.wharf.ws;

import io.wharf.core.testing.Trusting;
import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.model.process.ChildSettings;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.tls.DevCertificate;
import io.wharf.core.tls.TlsLayer;
import io.wharf.http.server.HttpProtocol;
import io.wharf.ws.codec.CloseCodes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wss: the upgrade happens above the TLS layer, which stays between the socket and the WebSocket handler, so the
 * echo works over TLS with the JDK's client under every in-process model.
 */
class WssTest {

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void theEchoWorksOverTls(Model model, @TempDir Path dir) throws Exception {
        DevCertificate.CertFiles cert = DevCertificate.make(List.of("localhost", "127.0.0.1"), dir);
        Config config = WsTestServer.config("tls.tls=on", "tls.tls_cert=" + cert.cert(), "tls.tls_key=" + cert.key());
        ServerStats stats = new ServerStats();
        ProtocolService service = new HttpProtocol().start(new ServiceContext("web", config, stats, HostView.NONE));
        try (Host host = new Host(2, 2)) {
            ServerSettings s = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
            HostedListener l = host.start(List.of(new ListenerSpec("web", "http", s, service, stats,
                    ChildSettings.DEFAULTS, TlsLayer.of("web", config, service, stats)))).get(0);
            URI uri = URI.create("wss://localhost:" + l.localAddress().getPort() + "/echo");
            try (JdkWsClient client = JdkWsClient.connect(Trusting.pem(cert.cert()), uri)) {
                client.sendText("over tls, κόσμε");
                assertThat(client.next()).isEqualTo("text:over tls, κόσμε");
                client.sendBinary(new byte[70_000]);
                assertThat(client.next()).isEqualTo("binary:70000 bytes");
                client.socket().sendClose(CloseCodes.NORMAL, "bye");
                assertThat(client.awaitClose()).isEqualTo(CloseCodes.NORMAL);
            }
        }
    }

}
