package io.wharf.core.testing;

import io.wharf.core.tls.KeyMaterial;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** Client TLS contexts for tests that trust exactly the certificates given (a self-signed server's own). */
public final class Trusting {

    private Trusting() {
    }

    /** A client context that trusts {@code certs}. */
    public static SSLContext certificates(X509Certificate... certs) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            ks.setCertificateEntry("c" + i, certs[i]);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, f.getTrustManagers(), null);
        return ctx;
    }

    /** A client context that trusts the first certificate of the PEM file {@code pem}. */
    public static SSLContext pem(Path pem) throws Exception {
        return certificates(KeyMaterial.certificates(pem).get(0));
    }
}
