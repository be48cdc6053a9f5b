package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.security.PasswordHasher;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpHeaders;
import io.wharf.http.spi.Answer;
import io.wharf.http.spi.Mount;
import io.wharf.http.spi.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mounted route that switches protocols ({@link Answer.Switch}): the 101 goes out after the answers to the
 * requests pipelined before it, and the next handler gets the bytes that followed the request, however the
 * input was split, under every in-process model, and after an auth check that went off the loop.
 */
class SwitchProtocolsTest {

    private static final String UPGRADE = "GET /up HTTP/1.1\r\nHost: x\r\nUpgrade: shout\r\nConnection: Upgrade\r\n";
    private static final String EXPECTED_TAIL = "\r\n\r\nOPEN\nABC DEF";

    @TempDir
    Path root;

    /** Greets, then answers bytes upper-cased: what a protocol after HTTP would do. */
    private static final class Shout implements Handler {
        @Override
        public void onOpen(Connection c) {
            c.write("OPEN\n");
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            c.write(new String(b, StandardCharsets.US_ASCII).toUpperCase());
        }
    }

    private static final Mount MOUNT = new Mount() {
        private final Route route = (request, connection) -> new Answer.Switch(
                new HttpHeaders().add("Upgrade", "shout").add("Connection", "Upgrade"), new Shout());

        @Override
        public Optional<Route> route(String rawPath) {
            return rawPath.equals("/up") ? Optional.of(route) : Optional.empty();
        }
    };

    private Server start(Model model, String... settings) throws Exception {
        Config config = HttpTestServer.config(root, settings);
        ServerStats stats = new ServerStats();
        HttpService service = new HttpService(config, stats, List.of(MOUNT));
        ServerSettings ss = CoreKeys.settings(config, 0).withPort(0).withBindAddress("127.0.0.1").withModel(model);
        return Server.start(ss, service, stats);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void theNextProtocolGetsWhatFollowedTheRequestAtEverySplit(Model model) throws Exception {
        byte[] in = ("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n" + UPGRADE + "\r\nabc ").getBytes(StandardCharsets.US_ASCII);
        try (Server server = start(model)) {
            for (int split = 1; split < in.length; split += model == Model.ITERATIVE ? 7 : 1) {
                String got = exchange(server, in, split, "def");
                assertThat(got).as("split at %d", split).startsWith("HTTP/1.1 404 ").endsWith(EXPECTED_TAIL);
                assertThat(got.indexOf("HTTP/1.1 101 Switching Protocols\r\n")).isGreaterThan(got.indexOf("404"));
            }
        }
    }

    @Test
    void theSwitchWaitsForAnAuthCheckOffTheLoop() throws Exception {
        Path users = Files.writeString(root.resolveSibling(root.getFileName() + "-users"),
                "alice:" + new PasswordHasher(1000).hash("pw".toCharArray()) + "\n");
        String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
        byte[] in = (UPGRADE + auth + "\r\n\r\nabc ").getBytes(StandardCharsets.US_ASCII);
        try (Server server = start(Model.REACTOR, "security.enable_auth=true", "http.users_file=" + users,
                "server.worker_threads=2")) {
            String got = exchange(server, in, in.length, "def");
            assertThat(got).startsWith("HTTP/1.1 101 Switching Protocols\r\n").contains("Upgrade: shout\r\n")
                    .endsWith(EXPECTED_TAIL);
        }
    }

    @Test
    void anUpgradeRequestWithABodyIsRefused() throws Exception {
        byte[] in = (UPGRADE + "Content-Length: 3\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII);
        try (Server server = start(Model.EVENT); Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(in);
            assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
        }
    }

    /** Sends {@code in} in two writes split at {@code split}, then {@code more} once switched; reads to the end. */
    private static String exchange(Server server, byte[] in, int split, String more) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            s.setSoTimeout(5_000);
            s.setTcpNoDelay(true);
            s.getOutputStream().write(Arrays.copyOf(in, split));
            s.getOutputStream().flush();
            s.getOutputStream().write(Arrays.copyOfRange(in, split, in.length));
            s.getOutputStream().flush();
            InputStream from = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean sentMore = false;
            byte[] b = new byte[4096];
            while (!got.toString(StandardCharsets.US_ASCII).endsWith(EXPECTED_TAIL)) {
                int n = from.read(b);
                if (n < 0) {
                    break;
                }
                got.write(b, 0, n);
                if (!sentMore && got.toString(StandardCharsets.US_ASCII).contains("OPEN\n")) {
                    sentMore = true;
                    s.getOutputStream().write(more.getBytes(StandardCharsets.US_ASCII));
                }
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }
}
