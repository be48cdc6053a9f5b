package io.wharf.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a load client speaks TLS, or {@link #off()}: the context every connection's engine comes from. The
 * server's certificate is checked against the JDK's default trust store plus the {@code --ca} PEM file, and its
 * name against the host (or {@code --sni}), as curl does; {@code --insecure} accepts any certificate and
 * checks no name (a self-signed development certificate).
 *
 * <p>Threading: immutable; engines and sockets may be made from any thread.
 */
public final class ClientTls {

    private static final ClientTls OFF = new ClientTls(null, false, null, null);

    private final SSLContext context;
    private final boolean insecure;
    private final Path ca;
    private final String sni;

    private ClientTls(SSLContext context, boolean insecure, Path ca, String sni) {
        this.context = context;
        this.insecure = insecure;
        this.ca = ca;
        this.sni = sni;
    }

    /** Plain TCP. */
    public static ClientTls off() {
        return OFF;
    }

    /**
     * TLS: {@code insecure} trusts any certificate; else the default trust store and {@code ca} (a PEM file of
     * CA certificates, or null). {@code sni} (or null) is the server name sent and checked instead of the host.
     * Throws IllegalArgumentException with one line naming what is wrong with {@code ca} or {@code sni}.
     */
    public static ClientTls of(boolean insecure, Path ca, String sni) {
        if (sni != null) {
            try {
                new SNIHostName(sni);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--sni: '" + sni + "' is not a host name");
            }
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trust = insecure ? new TrustAll() : trust(ca);
            context.init(null, new TrustManager[] {trust}, null);
            return new ClientTls(context, insecure, ca, sni);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS client: " + e.getMessage(), e);
        }
    }

    public boolean on() {
        return context != null;
    }

    public boolean insecure() {
        return insecure;
    }

    /** What the report's heading says: {@code ""}, {@code " over TLS"} or {@code " over TLS (insecure)"}. */
    public String describe() {
        return !on() ? "" : insecure ? " over TLS (insecure)" : " over TLS";
    }

    /** The name the server is known by: {@code --sni} when given, else {@code host} (HTTP's Host header too). */
    public String serverName(String host) {
        return sni != null ? sni : host;
    }

    /** A client engine for one connection to {@code host}; call only when {@link #on()}. */
    SSLEngine engine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(sni != null ? sni : host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(engine.getSSLParameters()));
        return engine;
    }

    /**
     * A blocking connection to {@code address}, its handshake done when TLS is on; the caller closes it. A
     * failed handshake is an IOException whose message says what was wrong ({@link #explain}).
     */
    public Socket connect(InetSocketAddress address, String host, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(address, timeoutMillis);
            plain.setTcpNoDelay(true);
            if (!on()) {
                return plain;
            }
            plain.setSoTimeout(timeoutMillis);
            SSLSocket tls = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, sni != null ? sni : host, address.getPort(), true);
            tls.setSSLParameters(parameters(tls.getSSLParameters()));
            try {
                tls.startHandshake();
            } catch (IOException e) {
                throw new IOException("TLS handshake with " + host + ":" + address.getPort() + " failed: "
                        + (e instanceof SSLException ssl ? explain(ssl) : e.getMessage()), e);
            }
            tls.setSoTimeout(0);
            return tls;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    private SSLParameters parameters(SSLParameters p) {
        if (!insecure) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the server, as curl checks
        }
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        return p;
    }

    /** One line for a failed handshake: what the certificate problem was, and the flag that deals with it. */
    public String explain(SSLException e) {
        Throwable root = e;
        boolean untrusted = false;
        boolean name = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            untrusted |= t instanceof CertPathBuilderException || t instanceof CertPathValidatorException;
            name |= t instanceof CertificateException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT)
                    .contains("match");
        }
        String why = String.valueOf(root.getMessage());
        if (untrusted) {
            return "the server's certificate is not trusted (" + why + "): give its CA with --ca FILE"
                    + (ca != null ? " (" + ca + " is not it)" : "") + ", or --insecure for a self-signed one";
        }
        if (name) {
            return "the server's certificate does not name the host (" + why + "): connect by a name it holds, "
                    + "give one with --sni NAME, or --insecure";
        }
        return why;
    }

    /** The default trust store's CAs plus those of {@code ca}. */
    private static X509TrustManager trust(Path ca) throws GeneralSecurityException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        if (ca == null) {
            return x509(defaults.getTrustManagers());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate c : x509(defaults.getTrustManagers()).getAcceptedIssuers()) {
            store.setCertificateEntry("default-" + i++, c);
        }
        Collection<? extends Certificate> certs = read(ca);
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory withCa = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        withCa.init(store);
        return x509(withCa.getTrustManagers());
    }

    private static Collection<? extends Certificate> read(Path ca) {
        try (InputStream in = Files.newInputStream(ca)) {
            Collection<? extends Certificate> certs = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("--ca: " + ca + ": no certificate in it (PEM expected)");
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--ca: cannot read " + ca + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--ca: cannot read " + ca + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--ca: " + ca + ": not a PEM certificate: " + e.getMessage());
        }
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JDK offers no X.509 trust manager");
    }

    /** {@code --insecure}: every certificate passes. Extended, so the JDK adds no checks of its own around it. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
