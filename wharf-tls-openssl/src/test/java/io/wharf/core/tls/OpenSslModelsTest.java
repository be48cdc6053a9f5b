package io.wharf.core.tls;

import org.junit.jupiter.api.BeforeEach;

/** {@link TlsModelsTest} with {@code tls_provider = openssl}: BoringSSL's engine under the same layer. */
class OpenSslModelsTest extends TlsModelsTest {

    @BeforeEach
    void openssl() {
        OpenSslAssumed.require();
        tls.settings.put(TlsKeys.PROVIDER, "openssl");
    }
}
