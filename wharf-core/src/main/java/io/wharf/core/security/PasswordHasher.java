package io.wharf.core.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Password hashes (the HTTP users file, chat accounts): PBKDF2-HMAC-SHA256 with a random 16-byte salt, encoded so the hash
 * says how to check it: {@code $pbkdf2-sha256$210000$<salt>$<hash>} (salt and hash in unpadded base64,
 * 32-byte hash). 210,000 iterations is OWASP's figure for PBKDF2-SHA256: about 0.1 s of CPU per check, which
 * is the point (an offline guesser pays it too) and why a server must not run it on an event loop.
 *
 * <p>Threading: immutable; safe from any thread.
 */
public final class PasswordHasher {

    public static final int DEFAULT_ITERATIONS = 210_000;
    public static final String PREFIX = "$pbkdf2-sha256$";
    /** A file may carry older or cheaper hashes, within reason: more than this is a denial of service. */
    static final int MIN_ITERATIONS = 1_000;
    static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** Fewer iterations than the default are for tests only. */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations out of range " + MIN_ITERATIONS + "-" + MAX_ITERATIONS
                    + ": " + iterations);
        }
        this.iterations = iterations;
    }

    /** A new encoded hash of {@code password}, with a fresh salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] dk = derive(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /** True when {@code encoded} is a well-formed hash this class can check. */
    public static boolean wellFormed(String encoded) {
        return Parsed.parse(encoded).isPresent();
    }

    /**
     * Checks {@code password} against {@code encoded} in time that does not depend on where they differ.
     * Costs the hash's iteration count; false for a malformed hash.
     */
    public static boolean verify(char[] password, String encoded) {
        Optional<Parsed> p = Parsed.parse(encoded);
        if (p.isEmpty()) {
            return false;
        }
        Parsed h = p.get();
        byte[] dk = derive(password, h.salt, h.iterations, h.hash.length);
        return MessageDigest.isEqual(dk, h.hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {

        static Optional<Parsed> parse(String encoded) {
            if (encoded == null || !encoded.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                int iterations = Integer.parseInt(parts[0]);
                Base64.Decoder b64 = Base64.getDecoder();
                byte[] salt = b64.decode(parts[1]);
                byte[] hash = b64.decode(parts[2]);
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length < 8
                        || hash.length < 16 || hash.length > 64 || !parts[0].equals(Integer.toString(iterations))) {
                    return Optional.empty();
                }
                return Optional.of(new Parsed(iterations, salt, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
