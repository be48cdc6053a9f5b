package io.wharf.http.ops;

import io.wharf.core.security.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersFileTest {

    private static final PasswordHasher FAST = new PasswordHasher(1000);
    private static final String ALICE = FAST.hash("wonderland".toCharArray());
    private static final String BOB = FAST.hash("builder".toCharArray());

    @Test
    void loadsUsersSkippingCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users");
        Files.writeString(f, "# wharf users\n\nalice:" + ALICE + "\r\n  bob : " + BOB + "  \n   # indented comment\n");
        UsersFile users = UsersFile.load(f);
        assertThat(users.users()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(users.verify("alice", "wonderland")).isTrue();
        assertThat(users.verify("bob", "builder")).isTrue();
        assertThat(users.verify("alice", "builder")).isFalse();
        assertThat(users.verify("carol", "wonderland")).isFalse();
        assertThat(users.verify("", "")).isFalse();
    }

    @Test
    void badLinesAreReportedWithFileAndLine() {
        assertError(List.of("alice:" + ALICE, "bob"), "users:2: expected USER:HASH");
        assertError(List.of("# c", "alice:plaintext"), "users:2: user 'alice': not a password hash");
        assertError(List.of(":" + ALICE), "users:1: empty user name");
        assertError(List.of("al ice:" + ALICE), "users:1: user name 'al ice' may not contain");
        assertError(List.of("alice:" + ALICE, "", "alice:" + BOB), "users:3: user 'alice' already defined on line 1");
    }

    private static void assertError(List<String> lines, String message) {
        assertThatThrownBy(() -> UsersFile.parse("users", lines))
                .isInstanceOf(UsersFileException.class).hasMessageStartingWith(message);
    }

    @Test
    void missingOrUnreadableFiles(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> UsersFile.load(missing)).isInstanceOf(UsersFileException.class)
                .hasMessage(missing + ": no such users file (create it with 'wharf passwd " + missing + " USER')");
        Path binary = dir.resolve("bin");
        Files.write(binary, new byte[] {'a', ':', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> UsersFile.load(binary)).hasMessage(binary + ": not UTF-8 text");
    }

    @Test
    void emptyFileHasNoUsers() throws Exception {
        UsersFile users = UsersFile.parse("users", List.of("# nobody yet"));
        assertThat(users.users()).isEmpty();
        assertThat(users.verify("root", "root")).isFalse();
    }

    @Test
    void successfulChecksAreCachedBriefly() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        UsersFile users = UsersFile.parse("users", List.of("alice:" + ALICE))
                .withClock(now::get, Duration.ofSeconds(30));
        assertThat(users.cached("alice", "wonderland")).isFalse();
        assertThat(users.verify("alice", "wonderland")).isTrue();
        assertThat(users.cached("alice", "wonderland")).isTrue();
        assertThat(users.cached("alice", "wonderlanD")).isFalse();
        assertThat(users.cached("bob", "wonderland")).isFalse();

        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(users.cached("alice", "wonderland")).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(users.cached("alice", "wonderland")).isFalse();
        assertThat(users.cacheSize()).isZero();
    }

    @Test
    void failuresAreNotCached() throws Exception {
        UsersFile users = UsersFile.parse("users", List.of("alice:" + ALICE));
        assertThat(users.verify("alice", "guess")).isFalse();
        assertThat(users.cached("alice", "guess")).isFalse();
        assertThat(users.verify("mallory", "guess")).isFalse();
        assertThat(users.cacheSize()).isZero();
    }

    @Test
    void userNames() {
        assertThat(UsersFile.userNameProblem("alice")).isEmpty();
        assertThat(UsersFile.userNameProblem("al#ice")).isEmpty();
        assertThat(UsersFile.userNameProblem("#alice")).isPresent();
        assertThat(UsersFile.userNameProblem("a:b")).isPresent();
        assertThat(UsersFile.userNameProblem("a\tb")).isPresent();
        assertThat(UsersFile.userNameProblem("")).isPresent();
    }
}
