package io.wharf.core.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the server's certificate by the host name the client asked for (SNI): an exact name first, then a
 * {@code *.example.com} wildcard for one label, else the default. A certificate whose key cannot sign for
 * the key type the handshake asks about is not offered for it, so the JDK moves on to the next type.
 * Immutable and thread-safe: a reload makes a new one.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    static final String DEFAULT = "default";

    /** By alias ({@link #DEFAULT}, or the host name). */
    private final Map<String, KeyMaterial.Identity> identities;

    /** @param identities by alias: {@link #DEFAULT}, then one per host name (lower-case, maybe {@code *.x}) */
    SniKeyManager(Map<String, KeyMaterial.Identity> identities) {
        this.identities = Map.copyOf(identities);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String alias = alias(engine == null ? null : engine.getHandshakeSession());
        return fits(alias, keyType) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(DEFAULT, keyType) ? DEFAULT : null;
    }

    /** The alias for the session's requested host name. */
    String alias(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n instanceof SNIHostName host) {
                    String name = host.getAsciiName().toLowerCase(Locale.ROOT);
                    if (identities.containsKey(name)) {
                        return name;
                    }
                    int dot = name.indexOf('.');
                    if (dot > 0 && identities.containsKey("*" + name.substring(dot))) {
                        return "*" + name.substring(dot);
                    }
                }
            }
        }
        return DEFAULT;
    }

    private boolean fits(String alias, String keyType) {
        KeyMaterial.Identity id = identities.get(alias);
        if (id == null) {
            return false;
        }
        String alg = id.key().getAlgorithm();
        return alg.equals(keyType) || alg.equals("RSA") && keyType.equals("RSASSA-PSS")
                || alg.equals("EC") && keyType.startsWith("EC");
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyMaterial.Identity id = identities.get(alias);
        return id == null ? null : id.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyMaterial.Identity id = identities.get(alias);
        return id == null ? null : id.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return identities.keySet().stream().filter(a -> fits(a, keyType)).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
