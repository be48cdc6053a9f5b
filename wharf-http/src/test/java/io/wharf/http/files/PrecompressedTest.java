package io.wharf.http.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PrecompressedTest {

    @TempDir
    Path tmp;
    Path root;
    Path css;
    Precompressed precompressed;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        css = Files.writeString(root.resolve("app.css"), "body{}".repeat(100));
        precompressed = new Precompressed(new PathResolver(root));
    }

    @Test
    void prefersBrThenZstdThenGzipAtEqualWeight() throws IOException {
        Files.writeString(root.resolve("app.css.gz"), "gz");
        Files.writeString(root.resolve("app.css.zst"), "zst");
        Files.writeString(root.resolve("app.css.br"), "br");
        assertThat(choose("gzip, zstd, br").coding()).isEqualTo(Precompressed.Coding.BR);
        assertThat(choose("gzip, zstd").coding()).isEqualTo(Precompressed.Coding.ZSTD);
        assertThat(choose("gzip").coding()).isEqualTo(Precompressed.Coding.GZIP);
        assertThat(choose("*").coding()).isEqualTo(Precompressed.Coding.BR);
    }

    @Test
    void higherWeightWinsOverPreference() throws IOException {
        Files.writeString(root.resolve("app.css.gz"), "gz");
        Files.writeString(root.resolve("app.css.br"), "br");
        assertThat(choose("br;q=0.5, gzip").coding()).isEqualTo(Precompressed.Coding.GZIP);
        assertThat(choose("br;q=0, gzip;q=0.1").coding()).isEqualTo(Precompressed.Coding.GZIP);
    }

    @Test
    void onlyExistingAcceptedSiblings() throws IOException {
        Files.writeString(root.resolve("app.css.gz"), "gz");
        var chosen = choose("br, gzip");
        assertThat(chosen.file()).isEqualTo(root.resolve("app.css.gz"));
        assertThat(chosen.attributes().size()).isEqualTo(2);
        assertThat(chosen.coding().token()).isEqualTo("gzip");
        assertThat(precompressed.choose(css, AcceptEncoding.parse("br"))).isEmpty();
        assertThat(precompressed.choose(css, AcceptEncoding.parse("gzip;q=0"))).isEmpty();
        assertThat(precompressed.choose(css, AcceptEncoding.parse("identity"))).isEmpty();
    }

    @Test
    void siblingThatIsADirectoryOrASymlinkOutOfTheRootIsIgnored() throws IOException {
        Files.createDirectories(root.resolve("app.css.br"));
        Files.writeString(tmp.resolve("outside.gz"), "secret");
        Files.createSymbolicLink(root.resolve("app.css.gz"), Path.of("../outside.gz"));
        assertThat(precompressed.choose(css, AcceptEncoding.parse("br, gzip"))).isEmpty();
    }

    private Precompressed.Variant choose(String acceptEncoding) {
        return precompressed.choose(css, AcceptEncoding.parse(acceptEncoding)).orElseThrow();
    }
}
