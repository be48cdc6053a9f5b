package io.wharf.http.server;

import io.wharf.core.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a browser, curl or a CDN relies on from a file server: validators, ranges, compression, listings. */
class FileSemanticsTest {

    @TempDir
    Path root;
    private HttpTestServer server;
    private byte[] big;

    @BeforeEach
    void start() throws Exception {
        big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("style.css"), "body { color: red; }\n".repeat(200));
        Files.writeString(root.resolve("app.js"), "console.log(1);\n");
        Files.write(root.resolve("app.js.gz"), gzip("console.log(1);\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(root.resolve("page.html"), "<p>page</p>\n");
        Files.write(root.resolve("photo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createDirectories(root.resolve("docs/sub"));
        Files.writeString(root.resolve("docs/a <b>&.txt"), "a");
        Files.writeString(root.resolve("docs/zeta.txt"), "zeta");
        server = HttpTestServer.start(Model.EVENT, root, "http.directory_listing=true");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawResponse get(String path, String... headers) throws Exception {
        return server.get(path, headers);
    }

    @Test
    void conditionalRequests() throws Exception {
        RawResponse first = get("/page.html");
        String etag = first.header("ETag").orElseThrow();
        String lastModified = first.header("Last-Modified").orElseThrow();
        assertThat(get("/page.html", "If-None-Match: " + etag).status()).isEqualTo(304);
        assertThat(get("/page.html", "If-None-Match: \"other\", " + etag).status()).isEqualTo(304);
        assertThat(get("/page.html", "If-Modified-Since: " + lastModified).status()).isEqualTo(304);
        assertThat(get("/page.html", "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT").status()).isEqualTo(200);
        assertThat(get("/page.html", "If-Match: \"nope\"").status()).isEqualTo(412);
        assertThat(get("/page.html", "If-Match: " + etag).status()).isEqualTo(200);
        assertThat(get("/page.html", "If-Unmodified-Since: Mon, 01 Jan 2001 00:00:00 GMT").status()).isEqualTo(412);
    }

    @Test
    void singleRangeMultipartAndUnsatisfiable() throws Exception {
        RawResponse one = get("/big.bin", "Range: bytes=100-199");
        assertThat(one.status()).isEqualTo(206);
        assertThat(one.header("Content-Range")).contains("bytes 100-199/300000");
        assertThat(one.body()).isEqualTo(Arrays.copyOfRange(big, 100, 200));
        RawResponse suffix = get("/big.bin", "Range: bytes=-10");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(big, big.length - 10, big.length));

        RawResponse multi = get("/big.bin", "Range: bytes=0-9, 1000-1009");
        assertThat(multi.status()).isEqualTo(206);
        assertThat(multi.header("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("multipart/byteranges; boundary="));
        String body = new String(multi.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("Content-Range: bytes 0-9/300000", "Content-Range: bytes 1000-1009/300000");
        assertThat(body).contains(new String(Arrays.copyOfRange(big, 1000, 1010), StandardCharsets.ISO_8859_1));

        RawResponse bad = get("/big.bin", "Range: bytes=400000-");
        assertThat(bad.status()).isEqualTo(416);
        assertThat(bad.header("Content-Range")).contains("bytes */300000");
    }

    @Test
    void ifRange() throws Exception {
        String etag = get("/big.bin").header("ETag").orElseThrow();
        assertThat(get("/big.bin", "Range: bytes=0-0", "If-Range: " + etag).status()).isEqualTo(206);
        RawResponse stale = get("/big.bin", "Range: bytes=0-0", "If-Range: \"stale\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).hasSize(big.length);
    }

    @Test
    void gzipOnTheFlyAndPrecompressedSiblings() throws Exception {
        RawResponse css = get("/style.css", "Accept-Encoding: gzip, deflate");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Encoding")).contains("gzip");
        assertThat(css.header("Vary")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("Accept-Encoding"));
        assertThat(new String(gunzip(css.body()), StandardCharsets.UTF_8)).isEqualTo("body { color: red; }\n".repeat(200));
        RawResponse plain = get("/style.css");
        assertThat(plain.header("Content-Encoding")).isEmpty();

        RawResponse js = get("/app.js", "Accept-Encoding: gzip");
        assertThat(js.header("Content-Encoding")).contains("gzip");
        assertThat(js.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(js.body()).isEqualTo(Files.readAllBytes(root.resolve("app.js.gz")));
        assertThat(get("/app.js", "Accept-Encoding: gzip;q=0").header("Content-Encoding")).isEmpty();
    }

    @Test
    void mimeTypes() throws Exception {
        assertThat(get("/page.html").header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(get("/photo.png").header("Content-Type")).contains("image/png");
        assertThat(get("/big.bin").header("Content-Type")).contains("application/octet-stream");
    }

    @Test
    void listingsInHtmlAndJsonWithNamesEscaped() throws Exception {
        assertThat(get("/docs").status()).isEqualTo(301);
        RawResponse html = get("/docs/");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(html.text()).contains("a &lt;b&gt;&amp;.txt").doesNotContain("<b>&");
        assertThat(html.text().indexOf("sub/")).isLessThan(html.text().indexOf("zeta.txt"));
        RawResponse json = get("/docs/", "Accept: application/json");
        assertThat(json.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json.text()).contains("\"name\"", "zeta.txt", "\"size\"");
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
