package io.wharf.tls.openssl;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.wharf.core.tls.TlsProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code tls_provider = openssl}: BoringSSL through netty-tcnative, whose engine implements
 * {@link SSLEngine}, so the layer drives it as it drives the JDK's. The certificates come through the same key
 * manager (SNI included); versions, suites, groups, ALPN and client auth from the same parameters. Engines are
 * the non-reference-counted kind, freed by the garbage collector, so a dropped connection leaks nothing; the
 * layer gives them direct buffers ({@link #directBuffers}), so BoringSSL reads and writes them in place.
 * Threading: stateless; the {@link SslContext} it builds is thread-safe.
 */
public final class OpenSslProvider implements TlsProvider {

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public Optional<String> unavailable() {
        if (OpenSsl.isAvailable()) {
            return Optional.empty();
        }
        Throwable why = OpenSsl.unavailabilityCause();
        return Optional.of(why == null ? "netty-tcnative did not load" : String.valueOf(why.getMessage()));
    }

    @Override
    public Supplier<SSLEngine> engines(X509ExtendedKeyManager keys, TrustManagerFactory trust, SSLParameters p)
            throws Exception {
        SslContextBuilder b = SslContextBuilder.forServer(keys)
                .sslProvider(SslProvider.OPENSSL)
                .protocols(p.getProtocols())
                // BoringSSL has no DHE suites: those of the list it lacks are left out, as its filter does
                .ciphers(Arrays.asList(p.getCipherSuites()), SupportedCipherSuiteFilter.INSTANCE)
                .option(OpenSslContextOption.GROUPS, p.getNamedGroups());
        if (trust != null) {
            b.trustManager(trust);
        }
        b.clientAuth(p.getNeedClientAuth() ? ClientAuth.REQUIRE : p.getWantClientAuth() ? ClientAuth.OPTIONAL : ClientAuth.NONE);
        String[] alpn = p.getApplicationProtocols();
        if (alpn != null && alpn.length > 0) {
            // netty's selector for OpenSSL cannot send no_application_protocol: the layer refuses a client offering
            // none of ours itself, before the engine sees its hello
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        SslContext ctx = b.build();
        TicketKeys.manage((OpenSslSessionContext) ctx.sessionContext());
        // the layer hands the engine direct buffers; the pool serves the few copies it still makes (a heap write)
        return () -> ctx.newEngine(PooledByteBufAllocator.DEFAULT);
    }
}
