package io.wharf.http.ops;

import io.wharf.http.HttpHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP Basic authentication (RFC 7617) against a {@link UsersFile}: reads {@code Authorization: Basic
 * base64(user:password)} and says who the client is, if anyone. Anything malformed (another scheme, bad
 * base64, not UTF-8, no colon, empty user) is simply "not authenticated"; the caller answers 401 with
 * {@link #challenge()} in {@code WWW-Authenticate}.
 *
 * <p>Threading: immutable; safe from any thread. {@link #authenticate} may cost a PBKDF2 run (about 0.1 s):
 * under the event and reactor models call it through {@code Connection.offload} unless {@link #cheap} says
 * it will answer at once; or ask {@link #check}, which answers at once when it can and otherwise says what
 * to {@link #verify} off the loop.
 */
public final class BasicAuth {

    public static final String DEFAULT_REALM = "wharf";
    private static final int MAX_VALUE_LENGTH = 4096;

    private final UsersFile users;
    private final String challenge;

    public BasicAuth(UsersFile users) {
        this(users, DEFAULT_REALM);
    }

    public BasicAuth(UsersFile users, String realm) {
        this.users = Objects.requireNonNull(users, "users");
        this.challenge = "Basic realm=\"" + quote(realm) + "\", charset=\"UTF-8\"";
    }

    /** What authenticating a request takes: an answer known at once, or a password to hash. */
    public sealed interface Check {
    }

    /** Known without hashing: nobody (no or malformed credentials), or a pair verified moments ago. */
    public record Known(Optional<String> user) implements Check {
    }

    /** Needs a PBKDF2 run: hand {@link #credentials} to {@link #verify}, off any event loop. */
    public record Costly(Credentials credentials) implements Check {
    }

    private static final Known NOBODY = new Known(Optional.empty());

    /** A user name and password as the client sent them. */
    public record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    /** The credentials in an {@code Authorization} value, if it is a well-formed Basic one. */
    public static Optional<Credentials> parse(String authorization) {
        if (authorization == null || authorization.length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        String v = authorization.strip();
        int sp = v.indexOf(' ');
        if (sp < 0 || !v.substring(0, sp).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        String token = v.substring(sp + 1).stripLeading();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            byte[] raw = Base64.getDecoder().decode(token);
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /**
     * The authenticated user, or empty.
     *
     * @param authorization the request's {@code Authorization} value, or null when it has none
     */
    public Optional<String> authenticate(String authorization) {
        return parse(authorization).filter(c -> users.verify(c.user(), c.password())).map(Credentials::user);
    }

    /** The authenticated user for a request's headers, or empty. */
    public Optional<String> authenticate(HttpHeaders headers) {
        return authenticate(headers.get("Authorization"));
    }

    /**
     * The answer for an {@code Authorization} value (null when the request has none) if it needs no hashing,
     * else the credentials to {@link #verify}. Cheap (one HMAC), so an event loop may call it.
     */
    public Check check(String authorization) {
        Optional<Credentials> c = parse(authorization);
        if (c.isEmpty()) {
            return NOBODY;
        }
        Credentials credentials = c.get();
        return users.cached(credentials.user(), credentials.password())
                ? new Known(Optional.of(credentials.user())) : new Costly(credentials);
    }

    /** The user when the password is theirs, else empty. Blocking: may cost a PBKDF2 run. */
    public Optional<String> verify(Credentials credentials) {
        return users.verify(credentials.user(), credentials.password()) ? Optional.of(credentials.user())
                : Optional.empty();
    }

    /**
     * True when {@link #authenticate(String)} will answer without hashing: no or malformed credentials, or a
     * pair verified moments ago. Cheap (one HMAC), so an event loop may call it.
     */
    public boolean cheap(String authorization) {
        return check(authorization) instanceof Known;
    }

    /** The {@code WWW-Authenticate} value of a 401: {@code Basic realm="wharf", charset="UTF-8"}. */
    public String challenge() {
        return challenge;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            if (c >= 0x20 && c != 0x7F) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
