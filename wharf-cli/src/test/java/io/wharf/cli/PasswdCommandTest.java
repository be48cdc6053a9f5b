package io.wharf.cli;

import io.wharf.http.ops.UsersFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wharf passwd} in-process, with the password on standard input. */
class PasswdCommandTest {

    private final InputStream realIn = System.in;

    @AfterEach
    void restoreStdin() {
        System.setIn(realIn);
    }

    private static CliErrorsTest.Result passwd(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = new String[args.length + 1];
        argv[0] = "passwd";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code = Main.run(argv, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliErrorsTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void addsThenChangesAUser(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        CliErrorsTest.Result added = passwd("s3cret pass\nignored\n", "--password-stdin", users.toString(), "alice");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("added user 'alice' to " + users + System.lineSeparator());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
        assertThat(Files.readString(users)).startsWith("alice:$pbkdf2-sha256$210000$").doesNotContain("s3cret");
        assertThat(UsersFile.load(users).verify("alice", "s3cret pass")).isTrue();

        // Not a terminal (as under the test runner): the first line of stdin, CRLF tolerated, is the password.
        CliErrorsTest.Result changed = passwd("n\u00e9w\r\n", users.toString(), "alice");
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(changed.out()).isEqualTo("changed the password of 'alice' in " + users + System.lineSeparator());
        UsersFile reloaded = UsersFile.load(users);
        assertThat(reloaded.users()).containsExactly("alice");
        assertThat(reloaded.verify("alice", "n\u00e9w")).isTrue();
        assertThat(reloaded.verify("alice", "s3cret pass")).isFalse();
    }

    @Test
    void refusesAnEmptyPassword(@TempDir Path dir) {
        Path users = dir.resolve("users");
        assertOneLineError(passwd("\n", "--password-stdin", users.toString(), "alice"), "empty password refused");
        assertOneLineError(passwd("", "--password-stdin", users.toString(), "alice"),
                "no password: standard input is empty");
        assertThat(users).doesNotExist();
    }

    @Test
    void noTerminalAndEmptyStdinPointsToPasswordStdin(@TempDir Path dir) {
        Path users = dir.resolve("users");
        assertOneLineError(passwd("", users.toString(), "alice"), "not a terminal and is empty");
        assertThat(passwd("", users.toString(), "alice").err()).contains("--password-stdin " + users + " alice");
    }

    @Test
    void helpHasNoFormatWarning() {
        CliErrorsTest.Result r = passwd("", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: wharf passwd").contains("printf '%s\\n' \"$PW\"");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void refusesABadUserName(@TempDir Path dir) {
        assertOneLineError(passwd("pw\n", "--password-stdin", dir.resolve("users").toString(), "a:b"),
                "may not contain ':'");
    }

    @Test
    void missingDirectory(@TempDir Path dir) {
        Path users = dir.resolve("no/such/users");
        assertOneLineError(passwd("pw\n", "--password-stdin", users.toString(), "alice"),
                "cannot write " + users + ": its directory does not exist");
    }

    @Test
    void missingArguments() {
        CliErrorsTest.Result r = passwd("", "--password-stdin", "users");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("USER");
    }

    private static void assertOneLineError(CliErrorsTest.Result r, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("wharf: ").contains(expected).doesNotContain("Exception");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
