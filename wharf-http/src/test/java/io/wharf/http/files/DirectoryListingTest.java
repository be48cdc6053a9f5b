package io.wharf.http.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryListingTest {

    private static final Instant T = Instant.parse("2024-05-06T07:08:09.5Z");

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.write(root.resolve("b.txt"), new byte[1500]);
        Files.writeString(root.resolve("A.txt"), "a");
        Files.writeString(root.resolve("a b.txt"), "ab");
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve("Zdir"));
        Files.writeString(root.resolve(".hidden"), "h");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(tmp.resolve("secret"), "s");
        Files.createSymbolicLink(root.resolve("out"), Path.of("../secret"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(root.resolve("in"), Path.of("A.txt"));
        for (String name : List.of("b.txt", "A.txt", "a b.txt", "sub", "Zdir", "in")) {
            Files.setLastModifiedTime(root.resolve(name), FileTime.from(T));
        }
    }

    @Test
    void readsServableEntriesDirectoriesFirstThenByName() throws IOException {
        List<DirectoryListing.Entry> entries = DirectoryListing.read(root, new PathResolver(root));
        assertThat(entries).extracting(DirectoryListing.Entry::name)
                .containsExactly("sub", "Zdir", "a b.txt", "A.txt", "b.txt", "in");
        assertThat(entries.get(0)).isEqualTo(new DirectoryListing.Entry("sub", true, 0, T));
        assertThat(entries.get(4)).isEqualTo(new DirectoryListing.Entry("b.txt", false, 1500, T));
    }

    @Test
    void dotfilesAndEscapingSymlinksFollowTheResolverOptions() throws IOException {
        var open = new PathResolver(root, new PathResolver.Options(true, true, "index.html"));
        assertThat(DirectoryListing.read(root, open)).extracting(DirectoryListing.Entry::name)
                .containsExactly(".git", "sub", "Zdir", ".hidden", "a b.txt", "A.txt", "b.txt", "in", "out");
    }

    @Test
    void htmlEscapesNamesEncodesLinksAndShowsSizesAndDates() throws IOException {
        PathResolverTest.assumeUtf8FileNames();
        Files.writeString(root.resolve("<script>&\"'.txt"), "x");
        Files.createDirectories(root.resolve("ünï:dir"));
        String html = HtmlListing.render("/docs/<b>/", DirectoryListing.read(root, new PathResolver(root)));

        assertThat(html).contains("<title>Index of /docs/&lt;b&gt;/</title>");
        assertThat(html).contains("<a href=\"../\">../</a>");
        assertThat(html).contains("<a href=\"%3Cscript%3E%26%22%27.txt\">&lt;script&gt;&amp;&quot;&#39;.txt</a>");
        assertThat(html).contains("<a href=\"%C3%BCn%C3%AF%3Adir/\">ünï:dir/</a>");
        assertThat(html).contains("<a href=\"a%20b.txt\">a b.txt</a>");
        assertThat(html).contains("<td class=\"size\">1.5 KiB</td>");
        assertThat(html).contains("<time datetime=\"2024-05-06T07:08:09Z\">2024-05-06 07:08</time>");
        assertThat(html).doesNotContain("<script>").doesNotContain("hidden").doesNotContain("secret");
        assertThat(html.indexOf("sub/")).isLessThan(html.indexOf("a%20b.txt"));
    }

    @Test
    void noParentLinkAtTheRoot() {
        assertThat(HtmlListing.render("/", List.of())).doesNotContain("../").contains("Index of /");
    }

    @Test
    void humanSizes() {
        assertThat(HtmlListing.humanSize(0)).isEqualTo("0 B");
        assertThat(HtmlListing.humanSize(1023)).isEqualTo("1023 B");
        assertThat(HtmlListing.humanSize(1024)).isEqualTo("1.0 KiB");
        assertThat(HtmlListing.humanSize(20L << 20)).isEqualTo("20.0 MiB");
        assertThat(HtmlListing.humanSize(3L << 40)).isEqualTo("3.0 TiB");
        assertThat(HtmlListing.humanSize(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void jsonListing() {
        String json = JsonListing.render(List.of(
                new DirectoryListing.Entry("sub", true, 0, T),
                new DirectoryListing.Entry("a \"b\".txt", false, 3, T)));
        assertThat(json).isEqualTo("[{\"name\":\"sub\",\"type\":\"dir\",\"size\":0,\"modified\":\"2024-05-06T07:08:09Z\"},"
                + "{\"name\":\"a \\\"b\\\".txt\",\"type\":\"file\",\"size\":3,\"modified\":\"2024-05-06T07:08:09Z\"}]");
        assertThat(JsonListing.render(List.of())).isEqualTo("[]");
    }

    @Test
    void jsonEscaping() {
        assertThat(quote("plain ünï 😀")).isEqualTo("\"plain ünï 😀\"");
        assertThat(quote("q\"b\\s/")).isEqualTo("\"q\\\"b\\\\s/\"");
        assertThat(quote("\n\r\t\b\f\u0001\u001f")).isEqualTo("\"\\n\\r\\t\\b\\f\\u0001\\u001f\"");
        assertThat(quote("</script>&")).isEqualTo("\"\\u003c/script\\u003e\\u0026\"");
        assertThat(quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(quote("lone\ud800x")).isEqualTo("\"lone\\ud800x\"");
        assertThat(quote("x\udc00")).isEqualTo("\"x\\udc00\"");
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        JsonListing.quote(s, sb);
        return sb.toString();
    }
}
