package io.wharf.core.tls;

/** {@link TlsCertificatesTest} with {@code tls_provider = openssl}: key formats, SNI, client certificates, reloads. */
class OpenSslCertificatesTest extends TlsCertificatesTest {

    @Override
    String provider() {
        OpenSslAssumed.require();
        return "openssl";
    }
}
