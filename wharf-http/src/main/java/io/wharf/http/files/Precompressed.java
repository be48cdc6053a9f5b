package io.wharf.http.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Picks a precompressed sibling of a file ({@code app.css.br}, {@code app.css.zst}, {@code app.css.gz}) that
 * the client accepts, to be sent as-is with Content-Encoding and the original file's Content-Type. The
 * highest weight wins; at equal weight br beats zstd beats gzip (smallest first). Siblings pass the same
 * checks as any served file (symlinks, dotfiles), through the {@link PathResolver}.
 *
 * <p>The response must carry {@code Vary: Accept-Encoding} whether or not a variant is chosen, and its
 * validators come from the variant's own attributes, so each encoding has its own ETag.
 *
 * <p>Threading: immutable and thread-safe. Blocking file-system calls: run off any event loop.
 */
public final class Precompressed {

    /** The codings looked for, in order of preference. */
    public enum Coding {
        BR("br", ".br"),
        ZSTD("zstd", ".zst"),
        GZIP("gzip", ".gz");

        private final String token;
        private final String suffix;

        Coding(String token, String suffix) {
            this.token = token;
            this.suffix = suffix;
        }

        /** The Content-Encoding value. */
        public String token() {
            return token;
        }

        public String suffix() {
            return suffix;
        }
    }

    /** The sibling to send instead of the file. */
    public record Variant(Path file, BasicFileAttributes attributes, Coding coding) {
    }

    private final PathResolver resolver;

    public Precompressed(PathResolver resolver) {
        this.resolver = resolver;
    }

    /** The best accepted sibling of {@code file}, if one exists. */
    public Optional<Variant> choose(Path file, AcceptEncoding accept) {
        Variant best = null;
        int bestQuality = 0;
        for (Coding coding : Coding.values()) {
            int quality = accept.quality(coding.token());
            if (quality <= bestQuality) {
                continue;
            }
            Path sibling = file.resolveSibling(file.getFileName() + coding.suffix());
            if (resolver.inspect(sibling) instanceof Resolution.Found found && found.attributes().isRegularFile()) {
                best = new Variant(sibling, found.attributes(), coding);
                bestQuality = quality;
            }
        }
        return Optional.ofNullable(best);
    }
}
