package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.proxy.ProxyHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROXY protocol end to end: the balancer with {@code send_proxy} in front of {@code wharf serve http} with
 * {@code accept_proxy = on}, whose access log then names the real client, not the balancer. The client
 * connects from 127.0.0.2 so that it differs from the balancer's 127.0.0.1.
 */
class ProxyProtocolTest {

    static final InetSocketAddress CLIENT_BIND = new InetSocketAddress("127.0.0.2", 0);

    @TempDir
    Path root;

    /** A request from {@code from} with {@code Connection: close}; the whole response. */
    static String get(InetSocketAddress from, InetSocketAddress to, byte[] prefix, String path) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(from);
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(prefix);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void theBackendsAccessLogShowsTheClientBehindTheBalancer(Model model) throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Path log = root.resolve("access.log");
        try (Server backend = HttpBackends.server(root, "server.accept_proxy=on", "logging.access_log=" + log);
             BalanceRig rig = new BalanceRig()) {
            // an http check, with its LOCAL header, must pass for the backend to be up
            rig.balancer(model, "balance.send_proxy=v2", "balance.check=http", "balance.check_path=/hello.txt",
                    "balance.check_interval=100ms", "balance.backends=127.0.0.1:" + backend.localAddress().getPort());
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.service().backends().getFirst().lastCheckMicros() >= 0);
            String r = get(CLIENT_BIND, rig.address(), new byte[0], "/hello.txt");
            assertThat(r).startsWith("HTTP/1.1 200").endsWith("hello\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                    && Files.readString(log).lines().anyMatch(l -> l.startsWith("127.0.0.2 ")
                    && l.contains("GET /hello.txt")));
            assertThat(Files.readString(log).lines().filter(l -> l.contains("GET /hello.txt"))
                    .filter(l -> !l.contains("wharf-balance-check")))
                    .allMatch(l -> l.startsWith("127.0.0.2 "));
        }
    }

    @Test
    void aVersionOneHeaderFromARawSocketNamesTheClient() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Path log = root.resolve("access.log");
        try (Server backend = HttpBackends.server(root, "server.accept_proxy=on", "logging.access_log=" + log)) {
            byte[] v1 = "PROXY TCP4 203.0.113.7 127.0.0.1 40001 80\r\n".getBytes(StandardCharsets.US_ASCII);
            String r = get(new InetSocketAddress("127.0.0.1", 0), backend.localAddress(), v1, "/hello.txt");
            assertThat(r).startsWith("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                    && Files.readString(log).startsWith("203.0.113.7 "));
            // without the header the trusted peer is refused: no response at all
            assertThat(get(new InetSocketAddress("127.0.0.1", 0), backend.localAddress(), new byte[0], "/hello.txt"))
                    .isEmpty();
        }
        // a header from an untrusted address (127.0.0.2 is not in accept_proxy_from here) is refused, while the
        // same client without one is served as itself
        try (Server backend = HttpBackends.server(root, "server.accept_proxy=on",
                "server.accept_proxy_from=127.0.0.1")) {
            byte[] v2 = ProxyHeader.v2(new InetSocketAddress("203.0.113.7", 1), new InetSocketAddress("127.0.0.1", 2));
            assertThat(get(CLIENT_BIND, backend.localAddress(), v2, "/hello.txt")).isEmpty();
            assertThat(get(CLIENT_BIND, backend.localAddress(), new byte[0], "/hello.txt")).startsWith("HTTP/1.1 200");
        }
    }
}
