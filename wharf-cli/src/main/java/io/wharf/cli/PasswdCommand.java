package io.wharf.cli;

import io.wharf.core.security.PasswordHasher;
import io.wharf.http.ops.UsersFile;
import io.wharf.http.ops.UsersFileEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code wharf passwd FILE USER}: adds a user to the users file of HTTP Basic auth ({@code enable_auth}), or
 * sets a new password for one. The password is asked twice on the terminal without echo, or read from the
 * first line of standard input when that is not a terminal (or with {@code --password-stdin}), so scripts
 * never put it on a command line where {@code ps} would show it.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Adds a user to an HTTP users file (for enable_auth), or changes their password.",
            "The file is created owner-only (0600) and replaced atomically."},
        footer = {"", "Examples:",
            "  wharf passwd conf/users alice                      asks for the password",
            "  printf '%%s\\n' \"$PW\" | wharf passwd --password-stdin conf/users ci"})
final class PasswdCommand implements Callable<Integer> {

    private static final int MAX_PASSWORD_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The users file (created if missing).")
    Path file;

    @Parameters(index = "1", paramLabel = "USER", description = "The user to add or update.")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        UsersFile.userNameProblem(user).ifPresent(p -> {
            throw new UserError(p);
        });
        char[] password = readPassword();
        try {
            if (password.length == 0) {
                throw new UserError("empty password refused");
            }
            String hash = new PasswordHasher().hash(password);
            UsersFileEditor.Change change = UsersFileEditor.put(file, user, hash);
            spec.commandLine().getOut().println(change == UsersFileEditor.Change.ADDED
                    ? "added user '" + user + "' to " + file
                    : "changed the password of '" + user + "' in " + file);
            return 0;
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write " + file + ": its directory does not exist");
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": not UTF-8 text, not a users file");
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword() {
        Console console = System.console();
        if (passwordStdin || console == null || !isTerminal(console)) {
            char[] line = firstLine(System.in);
            if (line == null) {
                throw new UserError(passwordStdin ? "no password: standard input is empty"
                        : "no password: standard input is not a terminal and is empty; pipe the password in with "
                        + "--password-stdin: printf '%s\\n' \"$PW\" | wharf passwd --password-stdin " + file + " "
                        + user);
            }
            return line;
        }
        char[] first = console.readPassword("Password for %s: ", user);
        if (first == null) {
            throw new UserError("no password given");
        }
        char[] again = console.readPassword("Retype password: ");
        if (again == null || !Arrays.equals(first, again)) {
            throw new UserError("passwords do not match");
        }
        Arrays.fill(again, '\0');
        return first;
    }

    /**
     * The first line of {@code in}, without its line ending; read byte by byte so nothing more is consumed.
     * Null when {@code in} ends before its first byte.
     */
    private static char[] firstLine(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        try {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            for (; b != -1 && b != '\n'; b = in.read()) {
                if (buf.size() >= MAX_PASSWORD_BYTES) {
                    throw new UserError("password longer than " + MAX_PASSWORD_BYTES + " bytes");
                }
                buf.write(b);
            }
        } catch (IOException e) {
            throw new UserError("cannot read the password from standard input: " + e.getMessage());
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }

    /**
     * Since Java 22 {@code System.console()} may return a console that is not a terminal (stdin piped), and
     * only {@code Console.isTerminal()}, absent from the Java 21 API we compile against, tells.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
