package io.wharf.core.tls;

import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.layer.Layer;
import io.wharf.core.model.process.ChildSettings;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test servers with TLS on one listener of a real {@link Host}, and JDK TLS clients that trust their certificate. */
final class TlsFixture implements AutoCloseable {

    final Path dir;
    final DevCertificate.CertFiles cert;
    private final Host host = new Host(2, 2);
    final Map<ConfigKey<?>, String> settings = new LinkedHashMap<>();
    ServerStats stats;
    TlsLayer layer;

    TlsFixture(Path dir) throws Exception {
        this.dir = dir;
        this.cert = DevCertificate.make(List.of("localhost", "127.0.0.1"), dir.resolve("server"));
        settings.put(TlsKeys.TLS, "on");
        settings.put(TlsKeys.PROVIDER, "jdk"); // the core has only the JDK's; wharf-tls-openssl reruns with its own
        settings.put(TlsKeys.CERT, cert.cert().toString());
        settings.put(TlsKeys.KEY, cert.key().toString());
    }

    Config config() throws Exception {
        Config c = Config.defaults(CoreKeys.schema());
        for (Map.Entry<ConfigKey<?>, String> e : settings.entrySet()) {
            c = c.override(e.getKey(), e.getValue(), "test");
        }
        return c;
    }

    HostedListener start(Model model, HandlerFactory handlers) throws Exception {
        return start(model, ProtocolService.of(handlers));
    }

    HostedListener start(Model model, ProtocolService service) throws Exception {
        stats = new ServerStats();
        Layer l = TlsLayer.of("t", config(), service, stats);
        layer = (TlsLayer) l;
        ServerSettings s = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        return host.start(List.of(new ListenerSpec("t", "test", s, service, stats, ChildSettings.DEFAULTS, l))).get(0);
    }

    /** A client context that trusts {@code certs}. */
    static SSLContext trusting(X509Certificate... certs) throws Exception {
        return io.wharf.core.testing.Trusting.certificates(certs);
    }

    SSLContext clientContext() throws Exception {
        return trusting(KeyMaterial.certificates(cert.cert()).get(0));
    }

    SSLSocket connect(HostedListener l) throws Exception {
        return connect(l, clientContext(), null);
    }

    static SSLSocket connect(HostedListener l, SSLContext ctx, String sni) throws Exception {
        return connect(l, ctx, sni, null);
    }

    /** A handshaken client; {@code sni} null for none, {@code version} null for the default ones; no ALPN. */
    static SSLSocket connect(HostedListener l, SSLContext ctx, String sni, String version) throws Exception {
        InetSocketAddress a = l.localAddress();
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", a.getPort());
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        if (version != null) {
            p.setProtocols(new String[] {version});
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    @Override
    public void close() {
        host.close();
    }
}
