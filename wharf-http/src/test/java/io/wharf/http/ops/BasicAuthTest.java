package io.wharf.http.ops;

import io.wharf.core.security.PasswordHasher;
import io.wharf.http.HttpHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BasicAuthTest {

    private static UsersFile users;

    @BeforeAll
    static void users() throws UsersFileException {
        PasswordHasher fast = new PasswordHasher(1000);
        users = UsersFile.parse("users", List.of("alice:" + fast.hash("open:sesame".toCharArray()),
                "j\u00fcrgen:" + fast.hash("gr\u00fc\u00dfe".toCharArray())));
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesCredentials() {
        assertThat(BasicAuth.parse(basic("alice:open:sesame")))
                .contains(new BasicAuth.Credentials("alice", "open:sesame"));
        assertThat(BasicAuth.parse("basic   " + basic("bob:").substring(6) + "  "))
                .contains(new BasicAuth.Credentials("bob", ""));
        assertThat(BasicAuth.parse("BASIC " + basic("j\u00fcrgen:x").substring(6)))
                .contains(new BasicAuth.Credentials("j\u00fcrgen", "x"));
    }

    @Test
    void malformedIsNotAuthenticated() {
        String[] bad = {
            null, "", "Basic", "Basic ", "Bearer " + basic("alice:x").substring(6), basic("alice:x").substring(6),
            "Basic !!!!", "Basic YWxp Y2U6eA==", "Basic " + Base64.getEncoder().encodeToString("alice".getBytes()),
            basic(":nouser"), "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xFF}),
            "Basic " + "A".repeat(5000),
        };
        for (String b : bad) {
            assertThat(BasicAuth.parse(b)).as(String.valueOf(b)).isEmpty();
        }
    }

    @Test
    void authenticatesAgainstTheUsersFile() {
        BasicAuth auth = new BasicAuth(users);
        assertThat(auth.authenticate(basic("alice:open:sesame"))).contains("alice");
        assertThat(auth.authenticate(basic("j\u00fcrgen:gr\u00fc\u00dfe"))).contains("j\u00fcrgen");
        assertThat(auth.authenticate(basic("alice:open"))).isEmpty();
        assertThat(auth.authenticate(basic("nobody:open:sesame"))).isEmpty();
        assertThat(auth.authenticate("Basic %%%")).isEmpty();
        assertThat(auth.authenticate(new HttpHeaders().add("authorization", basic("alice:open:sesame"))))
                .contains("alice");
        assertThat(auth.authenticate(new HttpHeaders())).isEmpty();
    }

    @Test
    void cheapWhenNothingToHashOrAlreadyVerified() throws UsersFileException {
        BasicAuth auth = new BasicAuth(UsersFile.parse("u", List.of("alice:" + new PasswordHasher(1000)
                .hash("pw".toCharArray()))));
        assertThat(auth.cheap(null)).isTrue();
        assertThat(auth.cheap("Basic !!")).isTrue();
        assertThat(auth.cheap(basic("alice:pw"))).isFalse();
        assertThat(auth.authenticate(basic("alice:pw"))).contains("alice");
        assertThat(auth.cheap(basic("alice:pw"))).isTrue();
        assertThat(auth.cheap(basic("alice:pX"))).isFalse();
    }

    @Test
    void checkAnswersAtOnceOnlyWhenNoHashIsNeeded() throws UsersFileException {
        BasicAuth auth = new BasicAuth(UsersFile.parse("u", List.of("alice:" + new PasswordHasher(1000)
                .hash("pw".toCharArray()))));
        assertThat(auth.check(null)).isEqualTo(new BasicAuth.Known(java.util.Optional.empty()));
        assertThat(auth.check("Basic !!")).isEqualTo(new BasicAuth.Known(java.util.Optional.empty()));
        BasicAuth.Check wrong = auth.check(basic("alice:pX"));
        assertThat(wrong).isEqualTo(new BasicAuth.Costly(new BasicAuth.Credentials("alice", "pX")));
        assertThat(auth.verify(((BasicAuth.Costly) wrong).credentials())).isEmpty();
        assertThat(auth.check(basic("alice:pX"))).as("failures are not remembered").isInstanceOf(BasicAuth.Costly.class);

        BasicAuth.Check right = auth.check(basic("alice:pw"));
        assertThat(right).isInstanceOf(BasicAuth.Costly.class);
        assertThat(auth.verify(((BasicAuth.Costly) right).credentials())).contains("alice");
        assertThat(auth.check(basic("alice:pw"))).isEqualTo(new BasicAuth.Known(java.util.Optional.of("alice")));
    }

    @Test
    void challenge() {
        assertThat(new BasicAuth(users).challenge()).isEqualTo("Basic realm=\"wharf\", charset=\"UTF-8\"");
        assertThat(new BasicAuth(users, "my \"docs\"").challenge())
                .isEqualTo("Basic realm=\"my \\\"docs\\\"\", charset=\"UTF-8\"");
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertThat(new BasicAuth.Credentials("alice", "hunter2").toString()).doesNotContain("hunter2");
    }
}
