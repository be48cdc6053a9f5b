package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests that try to leave the document root get 403 or 404 (or 400), never a file. */
class TraversalTest {

    private static final String SECRET = "TOP-SECRET";

    @TempDir
    Path base;
    private HttpTestServer server;

    @BeforeEach
    void start() throws Exception {
        Path root = Files.createDirectories(base.resolve("www"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve(".env"), SECRET);
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/ok.txt"), "ok");
        Files.createSymbolicLink(root.resolve("escape"), base);
        Files.createSymbolicLink(root.resolve("escape.txt"), base.resolve("secret.txt"));
        server = HttpTestServer.start(Model.VIRTUAL, root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void attackList() throws Exception {
        List<String> attacks = List.of(
                "/../secret.txt", "/../../secret.txt", "/sub/../../secret.txt", "/sub/../../../secret.txt",
                "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt",
                "/sub%2f..%2f..%2fsecret.txt", "/%2e%2e%5csecret.txt", "/..%5csecret.txt", "/..\\secret.txt",
                "/sub\\..\\..\\secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt",
                "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/.%2e/secret.txt",
                "/%2e./secret.txt", "/./../secret.txt", "//../secret.txt", "/sub/./../../secret.txt",
                "/%00/../secret.txt", "/sub/ok.txt%00.html", "/.env", "/sub/../.env", "/%2eenv",
                "/escape/secret.txt", "/escape.txt", "/escape/./secret.txt", "/sub/..%00/secret.txt",
                "/....//secret.txt", "/..;/secret.txt", "/%u002e%u002e/secret.txt",
                "http://x/../secret.txt");
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(30);
        for (String path : attacks) {
            try (RawHttpClient c = server.client()) {
                RawResponse r = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).as(path).isIn(400, 403, 404);
                assertThat(r.text()).as(path).doesNotContain(SECRET);
            }
        }
        try (RawHttpClient c = server.client()) {
            assertThat(c.send("GET /sub/ok.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("ok");
        }
    }
}
