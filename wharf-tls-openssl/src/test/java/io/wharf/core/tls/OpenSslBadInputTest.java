package io.wharf.core.tls;

import org.junit.jupiter.api.BeforeEach;

/**
 * {@link TlsBadInputTest} with {@code tls_provider = openssl}: BoringSSL's engine under the same layer refuses
 * the same clients the same way (the layer refuses an ALPN offer of none of ours before either engine sees it,
 * and closes once the alert refusing an old hello is sent).
 */
class OpenSslBadInputTest extends TlsBadInputTest {

    @BeforeEach
    void openssl() {
        OpenSslAssumed.require();
        tls.settings.put(TlsKeys.PROVIDER, "openssl");
    }
}
