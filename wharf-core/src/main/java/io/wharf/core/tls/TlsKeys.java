package io.wharf.core.tls;

import io.wharf.core.config.ConfigKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [tls]} keys. Each may also be set in a {@code [listener.NAME]} section, which is how a server of
 * many listeners turns TLS on for some of them; in {@code [tls]} they apply to every listener (for
 * {@code wharf serve PROTOCOL}, to its one listener). Defaults follow Mozilla's "intermediate" profile.
 */
public final class TlsKeys {

    /** Mozilla intermediate (v5.7): TLS 1.3's suites, then TLS 1.2's forward-secret AEAD ones, ECDSA first. */
    public static final String DEFAULT_CIPHERS = String.join(",",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    public static final ConfigKey<Boolean> TLS = ConfigKey.bool("tls", "tls", false, false,
            "serve over TLS; with no tls_cert, a self-signed development certificate for localhost is made once");
    public static final ConfigKey<Path> CERT = ConfigKey.path("tls", "tls_cert", null, true,
            "certificate: a PEM chain (leaf first) or a PKCS#12 file (.p12, .pfx); reloaded on SIGHUP and on change");
    public static final ConfigKey<Path> KEY = ConfigKey.path("tls", "tls_key", null, true,
            "private key of tls_cert, PEM: PKCS#8, PKCS#1 or SEC1, RSA or EC; unset for a PKCS#12 tls_cert");
    public static final ConfigKey<String> PASSWORD = ConfigKey.string("tls", "tls_password", null, true,
            "password of a PKCS#12 tls_cert or of an encrypted PEM key");
    public static final ConfigKey<String> SNI = ConfigKey.string("tls", "tls_sni", null, true,
            "more certificates by host name (SNI): NAME=CERT:KEY, comma-separated; *.example.com matches one label; "
                    + "tls_cert is the default for other names");
    public static final ConfigKey<String> PROTOCOLS = ConfigKey.string("tls", "tls_protocols", "TLSv1.3,TLSv1.2",
            true, "TLS versions offered, comma-separated (TLSv1.3, TLSv1.2)");
    public static final ConfigKey<String> CIPHERS = ConfigKey.string("tls", "tls_ciphers", DEFAULT_CIPHERS, true,
            "cipher suites, IANA names, preferred first, comma-separated (default: Mozilla intermediate)");
    public static final ConfigKey<String> GROUPS = ConfigKey.string("tls", "tls_groups",
            "x25519,secp256r1,secp384r1", true, "key exchange groups, preferred first, comma-separated");
    public static final ConfigKey<Duration> HANDSHAKE_TIMEOUT = ConfigKey.duration("tls", "tls_handshake_timeout",
            Duration.ofSeconds(10), true, "close a connection whose TLS handshake has not finished in this long");
    public static final ConfigKey<String> CLIENT_AUTH = ConfigKey.oneOf("tls", "tls_client_auth", "none", true,
            "client certificates: none, optional (asked, verified against tls_ca if given) or required",
            "none", "optional", "required");
    public static final ConfigKey<Path> CA = ConfigKey.path("tls", "tls_ca", null, true,
            "PEM file of the CA certificates client certificates must chain to (tls_client_auth)");
    public static final ConfigKey<Path> STATE_DIR = ConfigKey.path("tls", "tls_state_dir", null, false,
            "where the development certificate is kept; unset = $XDG_STATE_HOME/wharf or ~/.local/state/wharf");
    public static final ConfigKey<Duration> WATCH = ConfigKey.duration("tls", "tls_watch", Duration.ofSeconds(2),
            false, "how often the certificate files are checked for a change, which reloads them; 0 = SIGHUP only");
    public static final ConfigKey<String> PROVIDER = ConfigKey.oneOf("tls", "tls_provider", "openssl", false,
            "TLS implementation: openssl (BoringSSL, netty-tcnative: the faster; the JDK's with one log line where its "
                    + "native library cannot load) or jdk (the JDK's SSLEngine)", "jdk", "openssl");

    public static final List<ConfigKey<?>> ALL = List.of(TLS, CERT, KEY, PASSWORD, SNI, PROTOCOLS, CIPHERS, GROUPS,
            HANDSHAKE_TIMEOUT, CLIENT_AUTH, CA, STATE_DIR, WATCH, PROVIDER);

    private TlsKeys() {
    }
}
