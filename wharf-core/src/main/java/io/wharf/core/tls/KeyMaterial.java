package io.wharf.core.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads certificates and keys as users have them: a PEM chain (leaf first) with a PEM key in PKCS#8
 * ({@code BEGIN PRIVATE KEY}, also encrypted), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1
 * ({@code BEGIN EC PRIVATE KEY}), or a PKCS#12 file holding both. BouncyCastle parses the PEM; the JDK's
 * providers make the keys. Every failure is a {@link BadKeyMaterial} with one line saying what is wrong with
 * which file. Stateless.
 */
public final class KeyMaterial {

    /** A certificate chain and its private key, checked to belong together. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        public Identity {
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /** What is wrong with one file, in one line, without the file's location in the config. */
    public static final class BadKeyMaterial extends Exception {
        private final boolean key;

        BadKeyMaterial(String message) {
            this(message, false);
        }

        BadKeyMaterial(String message, boolean key) {
            super(message);
            this.key = key;
        }

        /** True when the key file is at fault, false for the certificate's. */
        public boolean aboutKey() {
            return key;
        }
    }

    private KeyMaterial() {
    }

    /**
     * The identity in {@code cert} (and {@code key}; null for PKCS#12, or for a PEM holding both).
     *
     * @throws BadKeyMaterial a file is missing or unreadable, does not parse, or the key does not match
     */
    public static Identity load(Path cert, Path key, String password) throws BadKeyMaterial {
        if (isPkcs12(cert)) {
            return pkcs12(cert, password);
        }
        List<X509Certificate> chain = certificates(cert);
        if (chain.isEmpty()) {
            throw new BadKeyMaterial(cert + ": no certificate in it (expected -----BEGIN CERTIFICATE-----)");
        }
        PrivateKey pk = privateKey(key == null ? cert : key, password);
        checkMatch(pk, chain.get(0), key == null ? cert : key, cert);
        return new Identity(pk, chain);
    }

    /** Every certificate of a PEM file, in order (a chain, or a CA bundle). */
    public static List<X509Certificate> certificates(Path pem) throws BadKeyMaterial {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(converter.getCertificate(h));
                }
            }
        } catch (IOException e) {
            throw new BadKeyMaterial(unreadable(pem, e));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadKeyMaterial(pem + ": not a valid PEM certificate: " + message(e));
        }
        return out;
    }

    private static PrivateKey privateKey(Path pem, String password) throws BadKeyMaterial {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                switch (o) {
                    case PEMKeyPair pair -> {
                        return converter.getPrivateKey(pair.getPrivateKeyInfo()); // PKCS#1, SEC1
                    }
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info); // PKCS#8
                    }
                    case PEMEncryptedKeyPair enc -> {
                        return converter.getPrivateKey(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .build(needPassword(pem, password))).getPrivateKeyInfo());
                    }
                    case PKCS8EncryptedPrivateKeyInfo enc -> {
                        return converter.getPrivateKey(enc.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().build(needPassword(pem, password))));
                    }
                    default -> {
                        // a certificate or parameters ahead of the key: read on
                    }
                }
            }
        } catch (BadKeyMaterial e) {
            throw e;
        } catch (IOException e) {
            throw new BadKeyMaterial(unreadable(pem, e), true);
        } catch (Exception e) {
            throw new BadKeyMaterial(pem + ": not a valid PEM private key: " + message(e), true);
        }
        throw new BadKeyMaterial(pem + ": no private key in it (expected -----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY)", true);
    }

    private static char[] needPassword(Path pem, String password) throws BadKeyMaterial {
        if (password == null) {
            throw new BadKeyMaterial(pem + ": the key is encrypted: set tls_password", true);
        }
        return password.toCharArray();
    }

    private static Identity pkcs12(Path file, String password) throws BadKeyMaterial {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) ks.getKey(alias, pw);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new Identity(key, chain);
                }
            }
            throw new BadKeyMaterial(file + ": no private key entry in this PKCS#12 file");
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().contains("password")) {
                throw new BadKeyMaterial(file + ": wrong PKCS#12 password (tls_password)");
            }
            throw new BadKeyMaterial(unreadable(file, e));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadKeyMaterial(file + ": not a valid PKCS#12 file: " + message(e));
        }
    }

    /** Signs and verifies a probe: a key of the right type that is another key's fails here, not in a handshake. */
    private static void checkMatch(PrivateKey key, X509Certificate leaf, Path keyFile, Path certFile)
            throws BadKeyMaterial {
        PublicKey pub = leaf.getPublicKey();
        String alg = switch (pub.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> null;
        };
        if (alg == null || !pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new BadKeyMaterial(keyFile + ": the key (" + key.getAlgorithm() + ") does not match the "
                    + "certificate of " + certFile + " (" + pub.getAlgorithm() + ")", true);
        }
        try {
            byte[] probe = "wharf".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(probe);
            if (!s.verify(sig)) {
                throw new BadKeyMaterial(keyFile + ": the key does not match the certificate of " + certFile, true);
            }
        } catch (GeneralSecurityException e) {
            throw new BadKeyMaterial(keyFile + ": the key does not match the certificate of " + certFile + ": "
                    + message(e), true);
        }
    }

    static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static String unreadable(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : message(e);
        return "cannot read " + file + ": " + why;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
