package io.wharf.core.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Self-signed certificates made with BouncyCastle: the development certificate a listener with
 * {@code tls = on} and no {@code tls_cert} uses (for {@code localhost}, {@code 127.0.0.1} and {@code ::1},
 * made once and kept under the state folder), and what {@code wharf cert} makes for given names. ECDSA P-256,
 * valid a year; a kept one that expires within a week is made again.
 *
 * <p>Threading: stateless; {@link #development} takes a file lock, so prefork workers starting together make
 * one certificate between them.
 */
public final class DevCertificate {

    /** The names the development certificate is for. */
    public static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");
    public static final String CERT_FILE = "localhost-cert.pem";
    public static final String KEY_FILE = "localhost-key.pem";

    /** A certificate written out: where its two files are. */
    public record CertFiles(Path cert, Path key) {
    }

    private DevCertificate() {
    }

    /** {@code $XDG_STATE_HOME/wharf}, else {@code ~/.local/state/wharf}. */
    public static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("wharf");
    }

    /**
     * The development certificate under {@code stateDir}, made first if it is missing or about to expire.
     *
     * @return its files, and whether it was made just now
     */
    public static CertFiles development(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path cert = stateDir.resolve(CERT_FILE);
        Path key = stateDir.resolve(KEY_FILE);
        try (FileChannel lockFile = FileChannel.open(stateDir.resolve(".cert.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (!usable(cert, key)) {
                write(LOCAL_NAMES, cert, key);
            }
        }
        return new CertFiles(cert, key);
    }

    /** Makes a certificate for {@code names} (host names or IP literals; the first is its subject) into {@code dir}. */
    public static CertFiles make(List<String> names, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        write(names, cert, key);
        return new CertFiles(cert, key);
    }

    private static boolean usable(Path cert, Path key) {
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
            return false;
        }
        try {
            List<X509Certificate> chain = KeyMaterial.certificates(cert);
            return !chain.isEmpty() && chain.get(0).getNotAfter().toInstant()
                    .isAfter(Instant.now().plus(Duration.ofDays(7)));
        } catch (KeyMaterial.BadKeyMaterial e) {
            return false;
        }
    }

    private static void write(List<String> names, Path cert, Path key) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            Instant now = Instant.now();
            // X500Name lists the RDNs in encoding order, the reverse of how RFC 2253 (and the JDK) prints them
            X500Name subject = new X500Name("O=wharf development certificate,CN="
                    + names.get(0).replaceAll("[,=+<>#;\"\\\\]", "_"));
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
            GeneralName[] san = names.stream().map(DevCertificate::generalName).toArray(GeneralName[]::new);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate x = new JcaX509CertificateConverter().getCertificate(holder);
            writeAtomically(key, pem(pair.getPrivate()), true);
            writeAtomically(cert, pem(x), false);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String name) {
        boolean ip = name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o instanceof java.security.PrivateKey k
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate() : o);
        }
        return s.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".wharf", ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection is what there is
                }
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
