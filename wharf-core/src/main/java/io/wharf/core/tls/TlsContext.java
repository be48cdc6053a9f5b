package io.wharf.core.tls;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One listener's TLS as configured: an {@link SSLContext} holding its certificates (the default and one per
 * SNI name) and the parameters every engine gets (versions, suites, groups, ALPN, client certificates).
 * Immutable and thread-safe; a reload builds a new one and new connections take it, while connections
 * already handshaking keep the engine they have.
 */
public final class TlsContext {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");
    private static final Set<String> VERSIONS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    private static final Set<String> GROUP_NAMES = Set.of("x25519", "x448", "secp256r1", "secp384r1", "secp521r1",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192", "x25519mlkem768");

    private final Supplier<SSLEngine> engines;
    private final String provider;
    private final boolean direct;
    private final Duration handshakeTimeout;
    private final List<Path> files;
    private final X509Certificate leaf;

    private TlsContext(Supplier<SSLEngine> engines, String provider, boolean direct, Duration handshakeTimeout,
                       List<Path> files, X509Certificate leaf) {
        this.engines = engines;
        this.provider = provider;
        this.direct = direct;
        this.handshakeTimeout = handshakeTimeout;
        this.files = List.copyOf(files);
        this.leaf = leaf;
    }

    /**
     * The TLS of a listener whose config is {@code c}, reading every file it names now.
     *
     * @param alpn the protocol's ALPN names, preferred first; empty for none
     * @throws ConfigException one line naming where the key was set and what is wrong with which file
     */
    public static TlsContext build(Config c, List<String> alpn) throws ConfigException {
        List<Path> files = new ArrayList<>();
        Map<String, KeyMaterial.Identity> ids = new LinkedHashMap<>();
        ids.put(SniKeyManager.DEFAULT, defaultIdentity(c, files));
        sni(c, ids, files);
        TrustManagerFactory trust = trust(c, files);
        SniKeyManager keys = new SniKeyManager(ids);
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(new javax.net.ssl.KeyManager[] {keys}, trust == null ? null : trust.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(versions(c));
        p.setCipherSuites(suites(c, ctx.getSupportedSSLParameters().getCipherSuites()));
        p.setNamedGroups(groups(c));
        p.setUseCipherSuitesOrder(true);
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        switch (c.get(TlsKeys.CLIENT_AUTH)) {
            case "required" -> p.setNeedClientAuth(true);
            case "optional" -> p.setWantClientAuth(true);
            default -> { }
        }
        Supplier<SSLEngine> engines = () -> {
            SSLEngine e = ctx.createSSLEngine();
            e.setUseClientMode(false);
            e.setSSLParameters(p);
            return e;
        };
        String provider = "jdk";
        boolean direct = false; // the JDK's engine works on arrays
        if (!c.get(TlsKeys.PROVIDER).equals("jdk")) {
            Optional<TlsProvider> other = provider(c);
            if (other.isPresent()) {
                engines = engines(c, other.get(), keys, trust, p);
                provider = other.get().name();
                direct = other.get().directBuffers();
            }
        }
        return new TlsContext(engines, provider, direct, c.get(TlsKeys.HANDSHAKE_TIMEOUT), files,
                ids.get(SniKeyManager.DEFAULT).leaf());
    }

    /**
     * The {@code tls_provider}, or empty (with one log line per process) where it cannot run: its native library
     * did not load, or (an embedding without wharf-tls-openssl, where it is only the default) it is not there.
     */
    private static Optional<TlsProvider> provider(Config c) {
        String name = c.get(TlsKeys.PROVIDER);
        Optional<TlsProvider> found = ServiceLoader.load(TlsProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals(name)).findFirst();
        Optional<String> why = found.isEmpty() ? Optional.of("it is not on the class path") : found.get().unavailable();
        if (why.isPresent()) {
            if (FELL_BACK.add(name)) {
                if (found.isEmpty() && !c.isSet(TlsKeys.PROVIDER)) {
                    log.info("tls_provider = {} (the default) is not on the class path: using the JDK's TLS", name);
                } else {
                    log.warn("tls_provider = {} cannot run here ({}): using the JDK's TLS", name, why.get());
                }
            }
            return Optional.empty();
        }
        return found;
    }

    private static Supplier<SSLEngine> engines(Config c, TlsProvider provider, SniKeyManager keys,
                                               TrustManagerFactory trust, SSLParameters p) throws ConfigException {
        String name = provider.name();
        try {
            return provider.engines(keys, trust, p);
        } catch (Exception e) {
            throw new ConfigException(where(c, TlsKeys.PROVIDER) + ": " + name + " refused the settings: "
                    + e.getMessage(), e);
        }
    }

    private static final Set<String> FELL_BACK = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A server-side engine with this context's parameters. */
    public SSLEngine newEngine() {
        return engines.get();
    }

    /** Whether its engines prefer direct buffers ({@link TlsProvider#directBuffers}); the JDK's prefers heap ones. */
    boolean directBuffers() {
        return direct;
    }

    /** The implementation in use: {@code jdk} or {@code openssl}. */
    public String provider() {
        return provider;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Every file this context was read from, for the watch that reloads it. */
    public List<Path> files() {
        return files;
    }

    /** The default certificate, for the log. */
    public X509Certificate certificate() {
        return leaf;
    }

    private static KeyMaterial.Identity defaultIdentity(Config c, List<Path> files) throws ConfigException {
        Path cert = c.get(TlsKeys.CERT);
        Path key = c.get(TlsKeys.KEY);
        if (cert == null) {
            if (key != null) {
                throw new ConfigException(where(c, TlsKeys.KEY) + ": set tls_cert too (the certificate of this key)");
            }
            Path dir = c.get(TlsKeys.STATE_DIR) == null ? DevCertificate.defaultStateDir() : c.get(TlsKeys.STATE_DIR);
            DevCertificate.CertFiles dev;
            try {
                dev = DevCertificate.development(dir);
            } catch (IOException e) {
                throw new ConfigException(where(c, TlsKeys.STATE_DIR) + ": cannot keep the development certificate in "
                        + dir + ": " + e.getMessage(), e);
            }
            log.info("tls: no tls_cert given: using the self-signed development certificate {} (localhost, 127.0.0.1, "
                    + "::1); to trust it: curl --cacert {}, or copy it to /usr/local/share/ca-certificates/wharf.crt "
                    + "and run update-ca-certificates", dev.cert(), dev.cert());
            cert = dev.cert();
            key = dev.key();
        }
        files.add(cert);
        if (key != null) {
            files.add(key);
        }
        try {
            return KeyMaterial.load(cert, key, c.get(TlsKeys.PASSWORD));
        } catch (KeyMaterial.BadKeyMaterial e) {
            String origin = key != null && e.aboutKey() ? where(c, TlsKeys.KEY) : where(c, TlsKeys.CERT);
            throw new ConfigException(origin + ": " + e.getMessage(), e);
        }
    }

    /** {@code tls_sni = a.example=a.pem:a.key, *.b.example=b.p12}. */
    private static void sni(Config c, Map<String, KeyMaterial.Identity> ids, List<Path> files) throws ConfigException {
        String spec = c.get(TlsKeys.SNI);
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String entry : spec.split(",")) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new ConfigException(where(c, TlsKeys.SNI) + ": '" + e + "': expected NAME=CERT:KEY or NAME=FILE.p12");
            }
            String name = e.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String[] parts = e.substring(eq + 1).strip().split(":", 2);
            Path cert = Path.of(parts[0].strip());
            Path key = parts.length > 1 ? Path.of(parts[1].strip()) : null;
            files.add(cert);
            if (key != null) {
                files.add(key);
            }
            try {
                if (ids.putIfAbsent(name, KeyMaterial.load(cert, key, c.get(TlsKeys.PASSWORD))) != null) {
                    throw new ConfigException(where(c, TlsKeys.SNI) + ": '" + name + "' is given twice");
                }
            } catch (KeyMaterial.BadKeyMaterial bad) {
                throw new ConfigException(where(c, TlsKeys.SNI) + ": " + name + ": " + bad.getMessage(), bad);
            }
        }
    }

    private static TrustManagerFactory trust(Config c, List<Path> files) throws ConfigException {
        Path ca = c.get(TlsKeys.CA);
        String auth = c.get(TlsKeys.CLIENT_AUTH);
        if (ca == null) {
            if (!auth.equals("none")) {
                throw new ConfigException(where(c, TlsKeys.CLIENT_AUTH) + ": tls_client_auth = " + auth
                        + " needs tls_ca, the CA certificates client certificates must chain to");
            }
            return null;
        }
        files.add(ca);
        try {
            List<X509Certificate> certs = KeyMaterial.certificates(ca);
            if (certs.isEmpty()) {
                throw new ConfigException(where(c, TlsKeys.CA) + ": " + ca + ": no certificate in it");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(ks);
            return f;
        } catch (KeyMaterial.BadKeyMaterial e) {
            throw new ConfigException(where(c, TlsKeys.CA) + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(where(c, TlsKeys.CA) + ": " + ca + ": " + e.getMessage(), e);
        }
    }

    private static String[] versions(Config c) throws ConfigException {
        List<String> out = list(c.get(TlsKeys.PROTOCOLS));
        for (String v : out) {
            if (!VERSIONS.contains(v)) {
                throw new ConfigException(where(c, TlsKeys.PROTOCOLS) + ": unknown TLS version '" + v
                        + "': use TLSv1.3, TLSv1.2");
            }
        }
        return nonEmpty(c, TlsKeys.PROTOCOLS, out);
    }

    private static String[] suites(Config c, String[] supported) throws ConfigException {
        List<String> known = Arrays.asList(supported);
        List<String> out = list(c.get(TlsKeys.CIPHERS));
        for (String s : out) {
            if (!known.contains(s)) {
                throw new ConfigException(where(c, TlsKeys.CIPHERS) + ": unknown cipher suite '" + s
                        + "' (IANA names, e.g. TLS_AES_128_GCM_SHA256)");
            }
        }
        return nonEmpty(c, TlsKeys.CIPHERS, out);
    }

    private static String[] groups(Config c) throws ConfigException {
        List<String> out = list(c.get(TlsKeys.GROUPS));
        for (String g : out) {
            if (!GROUP_NAMES.contains(g.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(where(c, TlsKeys.GROUPS) + ": unknown group '" + g
                        + "' (e.g. x25519, secp256r1, secp384r1)");
            }
        }
        return nonEmpty(c, TlsKeys.GROUPS, out);
    }

    private static String[] nonEmpty(Config c, ConfigKey<?> key, List<String> values) throws ConfigException {
        if (values.isEmpty()) {
            throw new ConfigException(where(c, key) + ": give at least one");
        }
        return values.toArray(String[]::new);
    }

    private static List<String> list(String s) {
        return s == null ? List.of() : Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    /** {@code server.conf:12: tls_cert}, or {@code --tls-cert: tls_cert}. */
    static String where(Config c, ConfigKey<?> key) {
        return c.origin(key) + ": " + key.name();
    }
}
