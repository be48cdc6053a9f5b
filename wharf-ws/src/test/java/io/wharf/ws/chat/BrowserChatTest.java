package io.wharf.ws.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chat page in headless Chromium (Debian's {@code chromium}, driven by Playwright through
 * {@code src/test/js/browser-chat.mjs}): two browser users and one plain-socket user chat in one room, a private
 * message reaches only its target, a reload logs back in and shows what was said meanwhile, and a server
 * restart is survived by the page's reconnection; and the page's own WebSocket to {@code /echo} negotiates
 * permessage-deflate with the browser and gets its messages back through it. Screenshots land in {@code target/browser-test/screenshots}.
 * Skips itself, saying why, without chromium, node or npm, or when npm cannot install playwright-core.
 */
class BrowserChatTest {

    private static final Path JS = Path.of("src/test/js");
    private static final Path WORK = Path.of("target/browser-test");

    @Test
    void twoBrowsersAndASocketUserChatThroughReloadsAndARestart(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                "no /usr/bin/chromium: apt-get install chromium (.ci/run installs it)");
        String node = which("node");
        String npm = which("npm");
        assumeTrue(node != null && npm != null, "no node/npm: apt-get install nodejs npm (.ci/run installs them)");
        installPlaywright(npm);
        Path shots = WORK.resolve("screenshots");
        Files.createDirectories(shots);

        int telnetPort = freePort();
        int webPort = freePort();
        String db = dir.resolve("chat.db").toString();
        TwoListeners chat = TwoListeners.start(Model.EVENT, telnetPort, webPort, db, "websocket.ws_deflate=true");
        StringBuilder log = new StringBuilder();
        try {
            Process p = new ProcessBuilder(node, "browser-chat.mjs", "http://127.0.0.1:" + webPort + "/chat",
                    Integer.toString(telnetPort), shots.toAbsolutePath().toString())
                    .directory(WORK.toFile()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 Writer in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.equals("RESTART")) {
                        chat.close();
                        chat = TwoListeners.start(Model.EVENT, telnetPort, webPort, db, "websocket.ws_deflate=true");
                        in.write("RESTARTED\n");
                        in.flush();
                    }
                }
            }
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the browser script ends").isTrue();
            assertThat(p.exitValue()).as(log.toString()).isZero();
            assertThat(log).contains("PASSED");
            assertThat(shots.resolve("3-ann-after-restart.png")).isNotEmptyFile();
        } finally {
            chat.close();
        }
    }

    /** playwright-core, pinned by package.json, into target/browser-test; skips the test if npm cannot. */
    private static void installPlaywright(String npm) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String f : new String[]{"package.json", "browser-chat.mjs"}) {
            Files.copy(JS.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process p = new ProcessBuilder(npm, "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(WORK.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        assumeTrue(done && p.exitValue() == 0, "npm could not install playwright-core (offline?): " + out.strip());
    }

    private static String which(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
