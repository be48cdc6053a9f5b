package io.wharf.http.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * File extension to media type, in the spirit of nginx's {@code mime.types}. Extensions match
 * case-insensitively on the last dot ({@code a.tar.gz} is gzip); a name without one, or with an unknown one,
 * is {@code application/octet-stream}. Text types carry {@code ; charset=utf-8}.
 *
 * <p>Threading: immutable and thread-safe.
 */
public final class MimeTypes {

    public static final String OCTET_STREAM = "application/octet-stream";

    private static final MimeTypes DEFAULTS = new MimeTypes(table());

    /** Non-{@code text/*} types that are text and so get a charset and compression. */
    private static final Set<String> TEXT_LIKE = Set.of(
            "application/javascript", "application/json", "application/ld+json", "application/manifest+json",
            "application/xml", "application/xhtml+xml", "application/atom+xml", "application/rss+xml",
            "application/geo+json", "application/x-sh", "image/svg+xml", "application/x-httpd-php",
            "application/graphql", "application/sql", "application/x-tex", "application/x-latex");

    /** Binary types that still compress well (fonts without built-in compression, wasm, icons, PDFs...). */
    private static final Set<String> COMPRESSIBLE_BINARY = Set.of(
            "application/wasm", "font/ttf", "font/otf", "application/vnd.ms-fontobject", "image/x-icon",
            "image/bmp", "image/tiff", "application/rtf", "application/x-tar", "application/postscript",
            "application/x-ndjson", "text/event-stream", "application/vnd.ms-excel", "application/msword",
            "application/vnd.ms-powerpoint", "audio/wav", "audio/x-wav");

    /** Asked per response with a handful of distinct types: memoised, bounded against odd inputs. */
    private static final int MEMO_LIMIT = 512;
    private static final Map<String, Boolean> COMPRESSIBLE_BY_TYPE = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, String> byExtension;

    private MimeTypes(Map<String, String> byExtension) {
        this.byExtension = Map.copyOf(byExtension);
    }

    /** The built-in table. */
    public static MimeTypes defaults() {
        return DEFAULTS;
    }

    /** This table with some extensions added or replaced (extension without dot, case-insensitive). */
    public MimeTypes with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(byExtension);
        overrides.forEach((ext, type) -> merged.put(ext.toLowerCase(Locale.ROOT), type));
        return new MimeTypes(merged);
    }

    /** The bare media type for a file name, such as {@code text/css}. */
    public String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int slash = fileName.lastIndexOf('/');
        if (dot < 0 || dot < slash || dot == fileName.length() - 1) {
            return OCTET_STREAM;
        }
        return byExtension.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** The Content-Type value for a file name: {@link #typeOf} plus {@code ; charset=utf-8} for text. */
    public String contentTypeOf(String fileName) {
        return withCharset(typeOf(fileName));
    }

    /** Adds {@code ; charset=utf-8} to a bare text type; other types are returned unchanged. */
    public static String withCharset(String type) {
        return isText(type) ? type + "; charset=utf-8" : type;
    }

    /** Text: {@code text/*} and the textual application types (JSON, JavaScript, XML, SVG...). */
    public static boolean isText(String type) {
        String bare = bare(type);
        return bare.startsWith("text/") || TEXT_LIKE.contains(bare) || bare.endsWith("+xml") || bare.endsWith("+json");
    }

    /** Worth compressing on the fly: text, plus binary formats that are not compressed already. */
    public static boolean isCompressible(String type) {
        Boolean known = COMPRESSIBLE_BY_TYPE.get(type);
        if (known != null) {
            return known;
        }
        String bare = bare(type);
        boolean compressible = isText(bare) || COMPRESSIBLE_BINARY.contains(bare);
        if (COMPRESSIBLE_BY_TYPE.size() < MEMO_LIMIT) {
            COMPRESSIBLE_BY_TYPE.put(type, compressible);
        }
        return compressible;
    }

    private static String bare(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> table() {
        Map<String, String> m = new HashMap<>();
        // text
        put(m, "text/html", "html", "htm", "shtml");
        put(m, "text/css", "css");
        put(m, "text/javascript", "js", "mjs", "cjs");
        put(m, "text/plain", "txt", "text", "log", "conf", "ini", "cfg", "asc", "pem", "diff", "patch");
        put(m, "text/csv", "csv");
        put(m, "text/tab-separated-values", "tsv");
        put(m, "text/markdown", "md", "markdown");
        put(m, "text/xml", "xml", "xsl", "xsd");
        put(m, "text/calendar", "ics", "ifb");
        put(m, "text/vcard", "vcf", "vcard");
        put(m, "text/vtt", "vtt");
        put(m, "text/x-java-source", "java");
        put(m, "text/x-c", "c", "h");
        put(m, "text/x-python", "py");
        put(m, "text/yaml", "yaml", "yml");
        put(m, "text/x-sass", "sass");
        put(m, "text/x-scss", "scss");
        put(m, "text/mathml", "mml");
        put(m, "text/x-component", "htc");
        put(m, "text/event-stream", "sse");
        // structured data and web app
        put(m, "application/json", "json");
        put(m, "application/ld+json", "jsonld");
        put(m, "application/x-ndjson", "ndjson");
        put(m, "application/geo+json", "geojson");
        put(m, "application/manifest+json", "webmanifest");
        put(m, "application/xhtml+xml", "xhtml");
        put(m, "application/atom+xml", "atom");
        put(m, "application/rss+xml", "rss");
        put(m, "application/wasm", "wasm");
        put(m, "application/toml", "toml");
        put(m, "application/sql", "sql");
        put(m, "application/x-sh", "sh");
        put(m, "application/graphql", "graphql", "gql");
        put(m, "application/x-tex", "tex");
        put(m, "application/x-latex", "latex");
        // Source maps are JSON documents.
        put(m, "application/json", "map");
        // images
        put(m, "image/svg+xml", "svg", "svgz");
        put(m, "image/png", "png");
        put(m, "image/apng", "apng");
        put(m, "image/jpeg", "jpg", "jpeg", "jpe", "jfif");
        put(m, "image/gif", "gif");
        put(m, "image/webp", "webp");
        put(m, "image/avif", "avif");
        put(m, "image/heic", "heic");
        put(m, "image/heif", "heif");
        put(m, "image/jxl", "jxl");
        put(m, "image/x-icon", "ico", "cur");
        put(m, "image/bmp", "bmp");
        put(m, "image/tiff", "tif", "tiff");
        put(m, "image/vnd.adobe.photoshop", "psd");
        // fonts
        put(m, "font/woff", "woff");
        put(m, "font/woff2", "woff2");
        put(m, "font/ttf", "ttf");
        put(m, "font/otf", "otf");
        put(m, "font/collection", "ttc");
        put(m, "application/vnd.ms-fontobject", "eot");
        // audio
        put(m, "audio/mpeg", "mp3");
        put(m, "audio/ogg", "ogg", "oga", "opus");
        put(m, "audio/wav", "wav");
        put(m, "audio/flac", "flac");
        put(m, "audio/mp4", "m4a");
        put(m, "audio/aac", "aac");
        put(m, "audio/webm", "weba");
        put(m, "audio/midi", "mid", "midi");
        put(m, "audio/x-aiff", "aif", "aiff");
        // video
        put(m, "video/mp4", "mp4", "m4v");
        put(m, "video/webm", "webm");
        put(m, "video/ogg", "ogv");
        put(m, "video/quicktime", "mov");
        put(m, "video/x-msvideo", "avi");
        put(m, "video/x-matroska", "mkv");
        put(m, "video/x-flv", "flv");
        put(m, "video/x-ms-wmv", "wmv");
        put(m, "video/mpeg", "mpeg", "mpg");
        put(m, "video/mp2t", "ts");
        put(m, "video/3gpp", "3gp");
        put(m, "application/vnd.apple.mpegurl", "m3u8");
        put(m, "application/dash+xml", "mpd");
        // documents
        put(m, "application/pdf", "pdf");
        put(m, "application/rtf", "rtf");
        put(m, "application/postscript", "ps", "eps", "ai");
        put(m, "application/epub+zip", "epub");
        put(m, "application/msword", "doc");
        put(m, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
        put(m, "application/vnd.ms-excel", "xls");
        put(m, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
        put(m, "application/vnd.ms-powerpoint", "ppt");
        put(m, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx");
        put(m, "application/vnd.oasis.opendocument.text", "odt");
        put(m, "application/vnd.oasis.opendocument.spreadsheet", "ods");
        put(m, "application/vnd.oasis.opendocument.presentation", "odp");
        put(m, "application/vnd.oasis.opendocument.graphics", "odg");
        // archives and packages
        put(m, "application/zip", "zip");
        put(m, "application/gzip", "gz", "tgz");
        put(m, "application/x-bzip2", "bz2", "tbz2");
        put(m, "application/x-xz", "xz", "txz");
        put(m, "application/zstd", "zst");
        put(m, "application/x-brotli", "br");
        put(m, "application/x-7z-compressed", "7z");
        put(m, "application/vnd.rar", "rar");
        put(m, "application/x-tar", "tar");
        put(m, "application/java-archive", "jar", "war", "ear");
        put(m, "application/vnd.android.package-archive", "apk");
        put(m, "application/x-iso9660-image", "iso");
        put(m, "application/x-apple-diskimage", "dmg");
        put(m, "application/vnd.debian.binary-package", "deb");
        put(m, "application/x-rpm", "rpm");
        put(m, "application/x-msdownload", "exe", "dll", "msi");
        put(m, "application/x-shockwave-flash", "swf");
        put(m, "application/x-x509-ca-cert", "crt", "der", "cer");
        put(m, "application/pgp-signature", "sig");
        put(m, "application/octet-stream", "bin", "img");
        return m;
    }

    private static void put(Map<String, String> m, String type, String... extensions) {
        for (String ext : extensions) {
            m.put(ext, type);
        }
    }

    /** How many extensions the table knows; for tests and diagnostics. */
    public int size() {
        return byExtension.size();
    }
}
