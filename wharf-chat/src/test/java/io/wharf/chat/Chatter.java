package io.wharf.chat;

import io.wharf.core.testing.LineClient;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat user for tests: a {@link LineClient} that knows the chat's line formats. Reads give up after the
 * client's timeout, so a missing line fails the test instead of hanging it.
 *
 * <p>Threading: one thread per chatter.
 */
final class Chatter implements AutoCloseable {

    private static final Pattern WELCOME = Pattern.compile("\\* Welcome to wharf chat, (\\S+)!");
    /** {@code 12:34:56 [room] nick: text}; group 1 room, 2 nick, 3 text. */
    static final Pattern SAID = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\[([^\\] ]+)] ([^: ]+): (.*)");

    final LineClient client;
    String nick;

    private Chatter(LineClient client) {
        this.client = client;
    }

    /** Connects and reads the welcome, up to the default room becoming current. */
    static Chatter join(InetSocketAddress address) throws IOException {
        Chatter c = connect(address);
        Matcher m = WELCOME.matcher(c.readLine());
        if (!m.matches()) {
            throw new AssertionError("no welcome");
        }
        c.nick = m.group(1);
        c.until("* now talking in lobby");
        return c;
    }

    static Chatter connect(InetSocketAddress address) throws IOException {
        return new Chatter(LineClient.connect(address));
    }

    /** Registers {@code name} with {@code password} and waits until the server confirms the login. */
    void register(String name, String password) throws IOException {
        send("/register " + name + " " + password);
        until("* registered and logged in as " + name);
    }

    void send(String line) throws IOException {
        client.send(line + "\r\n");
    }

    String readLine() throws IOException {
        String line = client.readLine();
        if (line == null) {
            throw new EOFException("connection closed");
        }
        return line;
    }

    /** Reads up to and including the first line equal to {@code line}; returns the lines before it. */
    List<String> until(String line) throws IOException {
        return until(line::equals);
    }

    List<String> until(Predicate<String> last) throws IOException {
        List<String> before = new ArrayList<>();
        for (String line = readLine(); !last.test(line); line = readLine()) {
            before.add(line);
        }
        return before;
    }

    /** The next chat message's {@code nick: text}, skipping notices. */
    String nextSaid() throws IOException {
        for (;;) {
            Matcher m = SAID.matcher(readLine());
            if (m.matches()) {
                return m.group(2) + ": " + m.group(3);
            }
        }
    }

    /** Renames and waits for the confirmation. */
    Chatter nick(String name) throws IOException {
        send("/nick " + name);
        until("* " + nick + " is now known as " + name);
        nick = name;
        return this;
    }

    /** Reads until the server closes; true when it does. */
    boolean closedByServer() throws IOException {
        return client.awaitClosed();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
