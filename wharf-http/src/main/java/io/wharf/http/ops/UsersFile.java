package io.wharf.http.ops;

import io.wharf.core.security.PasswordHasher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The users of HTTP Basic auth: a file of {@code user:hash} lines (hashes from {@link PasswordHasher}, made by
 * {@code wharf passwd}); blank lines and lines starting with {@code #} are ignored.
 *
 * <p>Checking a password costs about 0.1 s of CPU by design. So that a keep-alive client does not pay it on
 * every request, a successful check is remembered for {@value #CACHE_SECONDS} s, keyed by the user and an
 * HMAC of the password under a key that lives only in this object (the cache never holds a fast, offline-
 * guessable hash of a password). Failures are not remembered. An unknown user costs as much as a known one,
 * so timing does not tell which users exist.
 *
 * <p>Threading: immutable apart from the cache, which is concurrent; safe from any thread. Under the event
 * and reactor models run {@link #verify} off the loop ({@code Connection.offload}) unless {@link #cached}
 * already said yes. Reloading the file means loading a new instance, which starts with an empty cache.
 */
public final class UsersFile {

    static final long CACHE_SECONDS = 30;
    private static final int CACHE_MAX = 10_000;

    private final Map<String, String> hashes;
    private final String dummyHash;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Long> verified = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long cacheNanos;

    UsersFile(Map<String, String> hashes, LongSupplier nanoClock, Duration cacheFor) {
        this.hashes = Map.copyOf(hashes);
        this.nanoClock = nanoClock;
        this.cacheNanos = cacheFor.toNanos();
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        this.dummyHash = dummy(random, hashes.values().stream()
                .mapToInt(UsersFile::iterations).max().orElse(PasswordHasher.DEFAULT_ITERATIONS));
    }

    /** Reads and checks {@code file}; a bad line fails the whole file with {@code file:line: what}. */
    public static UsersFile load(Path file) throws UsersFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsersFileException(file + ": no such users file (create it with 'wharf passwd " + file
                    + " USER')");
        } catch (CharacterCodingException e) {
            throw new UsersFileException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UsersFileException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    /** Parses the lines of a users file named {@code name} (for messages). */
    public static UsersFile parse(String name, List<String> lines) throws UsersFileException {
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new UsersFileException(name + ":" + n + ": expected USER:HASH");
            }
            String user = line.substring(0, colon).strip();
            String hash = line.substring(colon + 1).strip();
            Optional<String> bad = userNameProblem(user);
            if (bad.isPresent()) {
                throw new UsersFileException(name + ":" + n + ": " + bad.get());
            }
            if (!PasswordHasher.wellFormed(hash)) {
                throw new UsersFileException(name + ":" + n + ": user '" + user + "': not a password hash: "
                        + "expected $pbkdf2-sha256$ITERATIONS$SALT$HASH (run 'wharf passwd " + name + " " + user + "')");
            }
            Integer first = firstLine.putIfAbsent(user, n);
            if (first != null) {
                throw new UsersFileException(name + ":" + n + ": user '" + user + "' already defined on line " + first);
            }
            hashes.put(user, hash);
        }
        return new UsersFile(hashes, System::nanoTime, Duration.ofSeconds(CACHE_SECONDS));
    }

    /** Why {@code user} cannot be a user name (Basic auth splits at the first ':'), or empty if it can. */
    public static Optional<String> userNameProblem(String user) {
        if (user.isEmpty()) {
            return Optional.of("empty user name");
        }
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c == ':' || c == '#' && i == 0 || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("user name '" + user + "' may not contain ':', whitespace or control "
                        + "characters, nor start with '#'");
            }
        }
        return Optional.empty();
    }

    public Set<String> users() {
        return hashes.keySet();
    }

    /**
     * True when {@code password} is {@code user}'s. Costs one PBKDF2 run (about 0.1 s) unless this pair was
     * verified within the last {@value #CACHE_SECONDS} s; compares in constant time.
     */
    public boolean verify(String user, String password) {
        String key = cacheKey(user, password);
        if (fresh(key)) {
            return true;
        }
        String hash = hashes.get(user);
        boolean ok = PasswordHasher.verify(password.toCharArray(), hash != null ? hash : dummyHash) && hash != null;
        if (ok) {
            remember(key);
        }
        return ok;
    }

    /** True when {@link #verify} would answer yes at once from the cache: cheap enough for an event loop. */
    public boolean cached(String user, String password) {
        return fresh(cacheKey(user, password));
    }

    private boolean fresh(String key) {
        Long expires = verified.get(key);
        if (expires == null) {
            return false;
        }
        if (expires - nanoClock.getAsLong() > 0) {
            return true;
        }
        verified.remove(key, expires);
        return false;
    }

    private void remember(String key) {
        long now = nanoClock.getAsLong();
        if (verified.size() >= CACHE_MAX) {
            verified.values().removeIf(expires -> expires - now <= 0);
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
        }
        verified.put(key, now + cacheNanos);
    }

    /** The same users with another clock, for tests. */
    UsersFile withClock(LongSupplier clock, Duration cacheFor) {
        return new UsersFile(hashes, clock, cacheFor);
    }

    int cacheSize() {
        return verified.size();
    }

    private String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static int iterations(String encoded) {
        return Integer.parseInt(encoded.substring(PasswordHasher.PREFIX.length(), encoded.indexOf('$',
                PasswordHasher.PREFIX.length())));
    }

    /** A well-formed hash that no password matches, as costly to check as the real ones. */
    private static String dummy(SecureRandom random, int iterations) {
        byte[] salt = new byte[16];
        byte[] hash = new byte[32];
        random.nextBytes(salt);
        random.nextBytes(hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PasswordHasher.PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
