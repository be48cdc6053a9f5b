package io.wharf.http.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class PathResolverTest {

    @TempDir
    Path tmp;
    Path root;
    PathResolver resolver;

    /*
     * tmp/secret.txt, tmp/etc/passwd, tmp/root-sibling/s.txt   (outside the root)
     * tmp/root/index.html, hello.txt, %41, docs/{a.txt, a b.txt}, sub/index.html, evil.com/,
     *          .hidden, .git/config, link-out -> ../secret.txt, dir-out -> ../etc, link-in -> hello.txt,
     *          link-hidden -> .hidden, link-sibling -> ../root-sibling/s.txt
     */
    @BeforeEach
    void tree() throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/passwd"), "root:x:0:0");
        Files.createDirectories(tmp.resolve("root-sibling"));
        Files.writeString(tmp.resolve("root-sibling/s.txt"), "sibling");
        root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("hello.txt"), "hello");
        Files.writeString(root.resolve("%41"), "literal percent");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.txt"), "a");
        Files.writeString(root.resolve("docs/a b.txt"), "a b");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "sub");
        Files.createDirectories(root.resolve("evil.com"));
        Files.writeString(root.resolve(".hidden"), "hidden");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]");
        Files.createSymbolicLink(root.resolve("link-out"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), Path.of("../etc"));
        Files.createSymbolicLink(root.resolve("link-in"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("link-hidden"), Path.of(".hidden"));
        Files.createSymbolicLink(root.resolve("link-sibling"), Path.of("../root-sibling/s.txt"));
        resolver = new PathResolver(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../etc/passwd",
            "/../../../../../../etc/passwd",
            "/../secret.txt",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e./secret.txt",
            "/%2e%2e",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc%2Fpasswd",
            "/%2e%2e%2fsecret.txt",
            "/%2e%2e%5c",
            "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "/..\\secret.txt",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%c0%ae%c0%ae%c0%afsecret.txt",
            "/%e0%80%ae%e0%80%ae/secret.txt",
            "/%c1%9c%c1%9csecret.txt",
            "/..%c0%af../secret.txt",
            "/\u00c0\u00ae\u00c0\u00ae/secret.txt",
            "/%ed%a0%80",
            "/\uff0e\uff0e/secret.txt",
            "/%ff%fe",
            "/foo/../../etc/passwd",
            "/docs/../../secret.txt",
            "/docs/%2e%2e/%2e%2e/secret.txt",
            "///../secret.txt",
            "/./././../",
            "/./././../secret.txt",
            "/%00",
            "/index.html%00.txt",
            "/hello.txt%00",
            "/docs/..%00/secret.txt",
            "/%0a",
            "/%7f",
            "/%",
            "/%2",
            "/%zz/secret.txt",
            "http://evil/../secret.txt",
            "http://localhost/%2e%2e/secret.txt",
            "HTTP://x/..%2fsecret.txt",
            "https://x:443/docs/../../secret.txt",
            "../secret.txt",
            "secret.txt",
            "C:\\secret.txt",
            "*",
            "",
            "/link-out",
            "/dir-out/passwd",
            "/dir-out/",
            "/link-sibling",
    })
    void traversalIsRefused(String raw) {
        assertThat(resolver.resolve(raw))
                .as(raw)
                .isInstanceOf(Resolution.Forbidden.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt",
            "/%252e%252e%255csecret.txt",
            "//etc/passwd",
            "//secret.txt",
            "/..;/secret.txt",
            "/.../secret.txt",
            "/.hidden",
            "/%2ehidden",
            "/.git/config",
            "/docs/../.git/config",
            "/link-hidden",
            "/hello.txt/",
            "/hello.txt/..%20",
            "/nope.txt",
            "/%ef%bc%8e%ef%bc%8e/secret.txt",
    })
    void oddButHarmlessPathsAreNotFound(String raw) {
        assertThat(resolver.resolve(raw))
                .as(raw)
                .isInstanceOf(Resolution.NotFound.class);
    }

    @Test
    void atLeastThirtyTraversalVariantsAreCovered() throws NoSuchMethodException {
        int forbidden = PathResolverTest.class.getDeclaredMethod("traversalIsRefused", String.class)
                .getAnnotation(ValueSource.class).strings().length;
        int notFound = PathResolverTest.class.getDeclaredMethod("oddButHarmlessPathsAreNotFound", String.class)
                .getAnnotation(ValueSource.class).strings().length;
        assertThat(forbidden + notFound).isGreaterThanOrEqualTo(30);
    }

    @Test
    void rootServesItsIndex() {
        assertFound(resolver.resolve("/"), "index.html");
        assertFound(resolver.resolve("http://example.com"), "index.html");
        assertFound(resolver.resolve("/docs/.."), "index.html");
    }

    @Test
    void plainFilesAreFound() {
        assertFound(resolver.resolve("/hello.txt"), "hello.txt");
        assertFound(resolver.resolve("//docs//a.txt"), "docs/a.txt");
        assertFound(resolver.resolve("/docs/./a.txt"), "docs/a.txt");
        assertFound(resolver.resolve("/docs/missing/../a.txt"), "docs/a.txt");
        assertFound(resolver.resolve("/docs/a%20b.txt"), "docs/a b.txt");
        assertFound(resolver.resolve("http://h/docs/a.txt"), "docs/a.txt");
    }

    @Test
    void foundCarriesTheAttributes() {
        var found = (Resolution.Found) resolver.resolve("/hello.txt");
        assertThat(found.attributes().isRegularFile()).isTrue();
        assertThat(found.attributes().size()).isEqualTo(5);
    }

    @Test
    void utf8NamesDecodeFromEscapesOrRawBytes() throws IOException {
        assumeUtf8FileNames();
        Files.writeString(root.resolve("café.txt"), "coffee");
        assertFound(resolver.resolve("/caf%C3%A9.txt"), "café.txt");
        assertFound(resolver.resolve("/caf\u00c3\u00a9.txt"), "café.txt");
    }

    @Test
    void decodingHappensOnceSoAnEscapedPercentIsLiteral() {
        assertFound(resolver.resolve("/%2541"), "%41");
        assertThat(resolver.resolve("/%41")).isInstanceOf(Resolution.NotFound.class);
    }

    @Test
    void symlinkInsideTheRootIsFollowed() {
        assertFound(resolver.resolve("/link-in"), "link-in");
    }

    @Test
    void directoryWithoutSlashRedirects() {
        assertThat(resolver.resolve("/docs")).isEqualTo(new Resolution.Redirect("/docs/"));
        assertThat(resolver.resolve("/sub/../docs")).isEqualTo(new Resolution.Redirect("/docs/"));
    }

    @Test
    void redirectIsBuiltFromTheNormalisedPathSoItCannotPointOffSite() throws IOException {
        assertThat(resolver.resolve("//evil.com")).isEqualTo(new Resolution.Redirect("/evil.com/"));
        Files.createDirectories(root.resolve("a b"));
        assertThat(resolver.resolve("/a%20b")).isEqualTo(new Resolution.Redirect("/a%20b/"));
    }

    @Test
    void directoryWithIndexServesTheIndex() {
        assertFound(resolver.resolve("/sub/"), "sub/index.html");
        assertFound(resolver.resolve("/sub/."), "sub/index.html");
    }

    @Test
    void directoryWithoutIndexIsADirectory() {
        var result = resolver.resolve("/docs/");
        assertThat(result).isInstanceOf(Resolution.Directory.class);
        var dir = (Resolution.Directory) result;
        assertThat(dir.dir()).isEqualTo(root.resolve("docs"));
        assertThat(dir.path()).isEqualTo("/docs/");
        assertThat(dir.attributes().isDirectory()).isTrue();
    }

    @Test
    void otherIndexNameIsUsed() throws IOException {
        Files.writeString(root.resolve("docs/default.htm"), "d");
        var custom = new PathResolver(root, new PathResolver.Options(false, false, "default.htm"));
        assertFound(custom.resolve("/docs/"), "docs/default.htm");
        assertThat(custom.resolve("/")).isInstanceOf(Resolution.Directory.class);
    }

    @Test
    void indexThatIsASymlinkOutOfTheRootIsForbidden() throws IOException {
        Files.createDirectories(root.resolve("trap"));
        Files.createSymbolicLink(root.resolve("trap/index.html"), Path.of("../../secret.txt"));
        assertThat(resolver.resolve("/trap/")).isInstanceOf(Resolution.Forbidden.class);
    }

    @Test
    void dotfilesAreServedWhenEnabled() {
        var open = new PathResolver(root, new PathResolver.Options(true, false, "index.html"));
        assertThat(open.resolve("/.hidden")).isInstanceOf(Resolution.Found.class);
        assertThat(open.resolve("/link-hidden")).isInstanceOf(Resolution.Found.class);
        assertThat(open.resolve("/.git/config")).isInstanceOf(Resolution.Found.class);
        assertThat(open.resolve("/../secret.txt")).isInstanceOf(Resolution.Forbidden.class);
    }

    @Test
    void symlinksOutOfTheRootAreFollowedOnlyWhenEnabled() {
        var open = new PathResolver(root, new PathResolver.Options(false, true, "index.html"));
        assertThat(open.resolve("/link-out")).isInstanceOf(Resolution.Found.class);
        assertThat(open.resolve("/dir-out/passwd")).isInstanceOf(Resolution.Found.class);
        // Enabling symlinks never lets '..' climb.
        assertThat(open.resolve("/../secret.txt")).isInstanceOf(Resolution.Forbidden.class);
        assertThat(open.resolve("/%2e%2e/secret.txt")).isInstanceOf(Resolution.Forbidden.class);
    }

    @Test
    void rootReachedThroughASymlinkStillWorks() throws IOException {
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), root);
        var viaAlias = new PathResolver(alias);
        assertThat(viaAlias.resolve("/hello.txt")).isInstanceOf(Resolution.Found.class);
        assertThat(viaAlias.resolve("/link-out")).isInstanceOf(Resolution.Forbidden.class);
    }

    @Test
    void aFifoIsNotServed() throws Exception {
        Path fifo = root.resolve("pipe");
        int rc;
        try {
            rc = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        } catch (IOException e) {
            rc = -1;
        }
        assumeThat(rc).as("mkfifo available").isZero();
        assertThat(resolver.resolve("/pipe")).isInstanceOf(Resolution.Forbidden.class);
    }

    @Test
    void missingRootIsRejectedUpFront() {
        assertThatThrownBy(() -> new PathResolver(tmp.resolve("absent")))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> new PathResolver(tmp.resolve("secret.txt")))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> new PathResolver.Options(false, false, "../index.html"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Non-ASCII file names need a UTF-8 file-name encoding (sun.jnu.encoding follows the locale). */
    static void assumeUtf8FileNames() {
        assumeThat(System.getProperty("sun.jnu.encoding", "")).as("UTF-8 file names").isEqualToIgnoringCase("UTF-8");
    }

    private void assertFound(Resolution result, String relative) {
        assertThat(result).isInstanceOf(Resolution.Found.class);
        assertThat(((Resolution.Found) result).file()).isEqualTo(root.resolve(relative));
    }
}
