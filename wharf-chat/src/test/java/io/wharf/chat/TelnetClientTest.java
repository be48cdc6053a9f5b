package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code telnet} client, typed into through tmux, against the chat under each model: 8-bit text
 * arrives exactly, and after Ctrl-C (which makes telnet hide all output until the server answers its
 * TIMING-MARK) the session keeps talking both ways. Skipped where telnet or tmux is not installed
 * ({@code .ci/run} installs them where it can: {@code apt-get install telnet tmux}).
 *
 * <p>Each test has a tmux server of its own, on a socket in its temporary directory ({@code -S}), so it touches
 * no one else's sessions and leaves nothing behind.
 */
@Timeout(90)
class TelnetClientTest {

    private static final Pattern WELCOME = Pattern.compile("\\* Welcome to wharf chat, (guest\\d+)!");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final List<AutoCloseable> open = new ArrayList<>();
    private String socket;

    @BeforeAll
    static void needsTelnetAndTmux() throws Exception {
        assumeTrue(installed("telnet") && installed("tmux"), "telnet and tmux are not installed");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            run("tmux", "-S", socket, "kill-server");
        }
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @EveryChatModel
    void telnetKeepsTalkingAfterCtrlCAndTheRoomSeesItsTextExactly(Model model, @TempDir Path dir) throws Exception {
        ChatTestServer server = track(ChatTestServer.on(model).start());
        Chatter ann = track(Chatter.join(server.address())).nick("ann");
        socket = dir.resolve("tmux").toString();
        tmux("new-session", "-d", "-x", "200", "-y", "50", "telnet 127.0.0.1 " + server.address().getPort());
        String nick = await().atMost(PATIENCE).until(() -> welcomed(pane()), n -> n != null);
        ann.until("* " + nick + " joined lobby");

        type("日本語 before Ctrl-C");
        assertThat(ann.nextSaid()).isEqualTo(nick + ": 日本語 before Ctrl-C");
        awaitPane("[lobby] " + nick + ": 日本語 before Ctrl-C");

        tmux("send-keys", "-t", "0", "-l", "typed, then thought better of it");
        tmux("send-keys", "-t", "0", "C-c");
        type("after Ctrl-C: 本 ü ok");
        assertThat(ann.nextSaid()).isEqualTo(nick + ": after Ctrl-C: 本 ü ok");
        awaitPane("[lobby] " + nick + ": after Ctrl-C: 本 ü ok");

        ann.send("ann can still reach you");
        awaitPane("[lobby] ann: ann can still reach you");
        tmux("send-keys", "-t", "0", "C-c");
        type("/who");
        awaitPane("* in lobby (2): ann, " + nick);
        assertThat(pane()).as("the interrupted line was never said").doesNotContain(nick + ": typed");
    }

    private void type(String line) throws Exception {
        tmux("send-keys", "-t", "0", "-l", line);
        tmux("send-keys", "-t", "0", "Enter");
    }

    private void awaitPane(String text) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(this::pane, p -> p.contains(text));
    }

    private String pane() throws Exception {
        return tmux("capture-pane", "-p", "-J", "-t", "0", "-S", "-200");
    }

    private static String welcomed(String pane) {
        Matcher m = WELCOME.matcher(pane);
        return m.find() ? m.group(1) : null;
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs {@code command} in a UTF-8 locale; its output, or an AssertionError if it fails. */
    private static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("LANG", "C.UTF-8");
        b.environment().put("LC_ALL", "C.UTF-8");
        b.environment().put("TERM", "xterm");
        b.environment().remove("TMUX");
        Process p = b.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": still running after 30 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !command[command.length - 1].equals("kill-server")) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    private static boolean installed(String program) throws InterruptedException {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }
}
