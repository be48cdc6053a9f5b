package io.wharf.core.tls;

import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TlsBadInputTest} with {@code tls_provider = openssl}: BoringSSL's engine under the same layer. */
class OpenSslBadInputTest extends TlsBadInputTest {

    @BeforeEach
    void openssl() {
        OpenSslAssumed.require();
        tls.settings.put(TlsKeys.PROVIDER, "openssl");
    }

    /**
     * Refused alike, with the {@code protocol_version} alert; but BoringSSL's engine then reports neither an
     * error nor a closed state, so the layer only sees the connection end at the handshake deadline, and
     * counts it as a handshake timeout (a known gap of this provider).
     */
    @Test
    @Override
    void tls11AndSsl2HellosAreRefusedAsOldProtocols() throws Exception {
        tls.settings.put(TlsKeys.HANDSHAKE_TIMEOUT, "1s");
        HostedListener l = tls.start(Model.EVENT, (HandlerFactory) () -> (c, data) -> c.write(data));
        byte[] hello = clientHello("TLSv1.2");
        hello[10] = 2; // client_version TLS 1.1, and supported_versions = [TLS 1.1]
        for (int i = 0; i + 6 < hello.length; i++) {
            if (hello[i] == 0 && hello[i + 1] == 0x2b && hello[i + 2] == 0 && hello[i + 3] == 3 && hello[i + 4] == 2
                    && hello[i + 5] == 3 && hello[i + 6] == 3) {
                hello[i + 6] = 2;
            }
        }
        java.net.Socket s = raw(l);
        s.getOutputStream().write(hello);
        byte[] alert = s.getInputStream().readNBytes(7);
        assertThat(alert[0]).as("an alert record").isEqualTo((byte) 21);
        assertThat(alert[6]).as("protocol_version").isEqualTo((byte) 70);
        assertClosed(s);
    }

    /**
     * The other difference: netty's ALPN selector for OpenSSL cannot send {@code no_application_protocol}, so a
     * client offering only {@code h2} is served without ALPN (as nginx does) instead of refused.
     */
    @Test
    @Override
    void alpnWithoutAProtocolTheListenerSpeaksIsRefusedWithNoApplicationProtocol() throws Exception {
        HostedListener l = tls.start(Model.EVENT, new ProtocolService() {
            @Override
            public HandlerFactory handlers() {
                return () -> (c, data) -> c.write(data);
            }

            @Override
            public List<String> applicationProtocols() {
                return List.of("http/1.1");
            }
        });
        SSLSocket h2 = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", l.localAddress().getPort());
        SSLParameters p = h2.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        h2.setSSLParameters(p);
        h2.startHandshake();
        assertThat(h2.getApplicationProtocol()).isEmpty();
        h2.close();
        SSLSocket ok = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("127.0.0.1", l.localAddress().getPort());
        p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        ok.setSSLParameters(p);
        ok.startHandshake();
        assertThat(ok.getApplicationProtocol()).isEqualTo("http/1.1");
        ok.close();
    }
}
