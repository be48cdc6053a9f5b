package io.wharf.core.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Another implementation of TLS for the layer ({@code tls_provider = NAME}), found with
 * {@link java.util.ServiceLoader}: it makes {@link SSLEngine}s, which the layer drives as it drives the JDK's.
 * Threading: {@link #engines} is called when a listener's TLS is (re)built; the supplier it returns from any
 * accepting thread.
 */
public interface TlsProvider {

    /** As {@code tls_provider} names it: {@code openssl}. */
    String name();

    /**
     * Whether its engines want direct buffers (native memory, as BoringSSL's: a heap buffer costs it a copy
     * through a temporary direct one on every call), so the layer hands them those.
     */
    default boolean directBuffers() {
        return true;
    }

    /** Why it cannot run in this process (its native library did not load); empty when it can. */
    Optional<String> unavailable();

    /**
     * Server engines with these certificates and parameters (versions, suites, groups, ALPN, client auth).
     *
     * @param trust null when client certificates are not asked for
     * @throws Exception anything the implementation refuses, which the layer reports in one line
     */
    Supplier<SSLEngine> engines(X509ExtendedKeyManager keys, TrustManagerFactory trust, SSLParameters parameters)
            throws Exception;
}
