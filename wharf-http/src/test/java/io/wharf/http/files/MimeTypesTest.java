package io.wharf.http.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MimeTypesTest {

    private final MimeTypes mime = MimeTypes.defaults();

    @ParameterizedTest
    @CsvSource({
            "index.html, text/html; charset=utf-8",
            "a.htm, text/html; charset=utf-8",
            "site.css, text/css; charset=utf-8",
            "app.js, text/javascript; charset=utf-8",
            "mod.mjs, text/javascript; charset=utf-8",
            "data.json, application/json; charset=utf-8",
            "feed.xml, text/xml; charset=utf-8",
            "notes.txt, text/plain; charset=utf-8",
            "t.csv, text/csv; charset=utf-8",
            "README.md, text/markdown; charset=utf-8",
            "logo.svg, image/svg+xml; charset=utf-8",
            "app.js.map, application/json; charset=utf-8",
            "site.webmanifest, application/manifest+json; charset=utf-8",
            "cal.ics, text/calendar; charset=utf-8",
            "p.png, image/png",
            "p.jpg, image/jpeg",
            "p.jpeg, image/jpeg",
            "p.gif, image/gif",
            "p.webp, image/webp",
            "p.avif, image/avif",
            "favicon.ico, image/x-icon",
            "p.bmp, image/bmp",
            "p.tiff, image/tiff",
            "f.woff, font/woff",
            "f.woff2, font/woff2",
            "f.ttf, font/ttf",
            "f.otf, font/otf",
            "f.eot, application/vnd.ms-fontobject",
            "s.mp3, audio/mpeg",
            "v.mp4, video/mp4",
            "v.webm, video/webm",
            "s.ogg, audio/ogg",
            "s.wav, audio/wav",
            "s.flac, audio/flac",
            "s.m4a, audio/mp4",
            "v.mov, video/quicktime",
            "v.avi, video/x-msvideo",
            "v.mkv, video/x-matroska",
            "d.pdf, application/pdf",
            "a.zip, application/zip",
            "a.gz, application/gzip",
            "a.tar.gz, application/gzip",
            "a.tgz, application/gzip",
            "a.bz2, application/x-bzip2",
            "a.xz, application/x-xz",
            "a.7z, application/x-7z-compressed",
            "a.rar, application/vnd.rar",
            "a.tar, application/x-tar",
            "m.wasm, application/wasm",
            "d.rtf, application/rtf",
            "d.doc, application/msword",
            "d.docx, application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "d.xls, application/vnd.ms-excel",
            "d.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "d.ppt, application/vnd.ms-powerpoint",
            "d.pptx, application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "d.odt, application/vnd.oasis.opendocument.text",
            "b.epub, application/epub+zip",
            "x.jar, application/java-archive",
            "x.apk, application/vnd.android.package-archive",
            "x.iso, application/x-iso9660-image",
            "x.exe, application/x-msdownload",
    })
    void knownExtensions(String name, String contentType) {
        assertThat(mime.contentTypeOf(name)).isEqualTo(contentType);
    }

    @Test
    void tableHasAtLeastAHundredExtensions() {
        assertThat(mime.size()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void extensionMatchIsCaseInsensitive() {
        assertThat(mime.typeOf("PHOTO.JPG")).isEqualTo("image/jpeg");
        assertThat(mime.typeOf("Index.Html")).isEqualTo("text/html");
    }

    @Test
    void unknownOrMissingExtensionIsOctetStream() {
        assertThat(mime.contentTypeOf("file.unknownext")).isEqualTo("application/octet-stream");
        assertThat(mime.contentTypeOf("Makefile")).isEqualTo("application/octet-stream");
        assertThat(mime.contentTypeOf("trailingdot.")).isEqualTo("application/octet-stream");
        assertThat(mime.contentTypeOf("dir.d/noext")).isEqualTo("application/octet-stream");
    }

    @Test
    void overridesReplaceAndAdd() {
        MimeTypes custom = mime.with(Map.of("JS", "application/javascript", "foo", "application/x-foo"));
        assertThat(custom.contentTypeOf("a.js")).isEqualTo("application/javascript; charset=utf-8");
        assertThat(custom.contentTypeOf("a.foo")).isEqualTo("application/x-foo");
        assertThat(mime.typeOf("a.foo")).isEqualTo("application/octet-stream");
    }

    @Test
    void textTypesGetACharsetOthersDoNot() {
        assertThat(MimeTypes.withCharset("application/javascript")).isEqualTo("application/javascript; charset=utf-8");
        assertThat(MimeTypes.withCharset("application/vnd.api+json")).endsWith("; charset=utf-8");
        assertThat(MimeTypes.withCharset("image/png")).isEqualTo("image/png");
    }

    @Test
    void compressibility() {
        assertThat(MimeTypes.isCompressible("text/html; charset=utf-8")).isTrue();
        assertThat(MimeTypes.isCompressible("application/json")).isTrue();
        assertThat(MimeTypes.isCompressible("image/svg+xml")).isTrue();
        assertThat(MimeTypes.isCompressible("application/wasm")).isTrue();
        assertThat(MimeTypes.isCompressible("font/ttf")).isTrue();
        assertThat(MimeTypes.isCompressible("image/png")).isFalse();
        assertThat(MimeTypes.isCompressible("font/woff2")).isFalse();
        assertThat(MimeTypes.isCompressible("application/gzip")).isFalse();
        assertThat(MimeTypes.isCompressible("video/mp4")).isFalse();
        assertThat(MimeTypes.isCompressible("application/octet-stream")).isFalse();
    }
}
