package io.wharf.http.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Maps a raw request path to a file under a document root, so that no request can read outside it.
 *
 * <p>Two lines of defence: {@link RequestPath} decodes once and normalises lexically (a {@code ..} past the
 * root is refused before the file system is touched); then the real path of whatever is found must lie
 * inside the real root, so a symlink cannot lead out unless {@link Options#followSymlinksOutsideRoot()}.
 * Segments starting with {@code .} are hidden (404) unless {@link Options#serveDotfiles()}, in the request
 * path and in the real path below the root. Only regular files and directories are served; a FIFO or device
 * is refused. Between this check and the caller's open a file may be swapped (no {@code openat} in Java);
 * the root is assumed not to be writable by attackers.
 *
 * <p>Threading: immutable and thread-safe. Blocking file-system calls: run off any event loop.
 */
public final class PathResolver {

    /**
     * @param serveDotfiles              serve names starting with {@code .} (default off)
     * @param followSymlinksOutsideRoot  serve through symlinks whose target is outside the root (default off)
     * @param indexFile                  the file served for a directory (default {@code index.html})
     */
    public record Options(boolean serveDotfiles, boolean followSymlinksOutsideRoot, String indexFile) {

        public static final Options DEFAULTS = new Options(false, false, "index.html");

        public Options {
            Objects.requireNonNull(indexFile, "indexFile");
            if (indexFile.isEmpty() || indexFile.contains("/") || indexFile.equals("..") || indexFile.equals(".")) {
                throw new IllegalArgumentException("index file must be a plain file name: " + indexFile);
            }
        }
    }

    private final Path root;
    private final Path realRoot;
    private final Options options;

    /** @throws UncheckedIOException when the root does not exist or is not a directory */
    public PathResolver(Path root, Options options) {
        this.root = root.toAbsolutePath().normalize();
        this.options = options;
        try {
            this.realRoot = this.root.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("document root " + root + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("document root " + root + " is not readable", e);
        }
        if (!Files.isDirectory(realRoot)) {
            String why = "document root " + root + " is not a directory";
            throw new UncheckedIOException(why, new IOException(why));
        }
    }

    public PathResolver(Path root) {
        this(root, Options.DEFAULTS);
    }

    public Path root() {
        return root;
    }

    public Options options() {
        return options;
    }

    /** Resolves a raw request path (still percent-encoded, query stripped). */
    public Resolution resolve(String rawPath) {
        RequestPath path;
        switch (RequestPath.parse(rawPath)) {
            case RequestPath.Rejected r -> {
                return new Resolution.Forbidden(r.reason());
            }
            case RequestPath.Valid v -> path = v.path();
        }
        if (!options.serveDotfiles() && path.hasDotSegment()) {
            return new Resolution.NotFound("dotfile");
        }
        Path candidate = root;
        for (String segment : path.segments()) {
            candidate = candidate.resolve(segment);
        }
        Resolution checked = path.segments().isEmpty() ? inspect(candidate) : inspectSegments(candidate, path);
        if (!(checked instanceof Resolution.Found found)) {
            return checked;
        }
        BasicFileAttributes attrs = found.attributes();
        if (attrs.isRegularFile()) {
            return path.trailingSlash() && !path.segments().isEmpty()
                    ? new Resolution.NotFound("a file named as a directory")
                    : found;
        }
        if (!path.trailingSlash()) {
            return new Resolution.Redirect(new RequestPath(path.segments(), true).encoded());
        }
        Resolution index = inspect(candidate.resolve(options.indexFile()));
        return switch (index) {
            case Resolution.Found f when f.attributes().isRegularFile() -> f;
            case Resolution.Forbidden f -> f;
            default -> new Resolution.Directory(candidate, attrs, path.decoded());
        };
    }

    /**
     * Checks a path already known to lie lexically under the root (such as a precompressed sibling or a
     * listing entry): {@link Resolution.Found} with its attributes when it is a regular file or directory
     * that may be served, otherwise {@link Resolution.NotFound} or {@link Resolution.Forbidden}.
     */
    public Resolution inspect(Path candidate) {
        BasicFileAttributes attrs;
        try {
            attrs = withoutLinks(candidate);
        } catch (IOException e) {
            return failure(e);
        }
        return attrs == null ? inspectThroughLinks(candidate) : servable(candidate, attrs);
    }

    /**
     * {@link #inspect} for a request path's own segments, which are known to be plain names (and, unless
     * dotfiles are served, not dotted): the same lstat walk without re-deriving them from the path.
     */
    private Resolution inspectSegments(Path candidate, RequestPath path) {
        BasicFileAttributes attrs = null;
        try {
            Path at = root;
            for (String segment : path.segments()) {
                at = at.resolve(segment);
                attrs = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isSymbolicLink()) {
                    return inspectThroughLinks(candidate);
                }
            }
        } catch (IOException e) {
            return failure(e);
        }
        if (!attrs.isRegularFile() && !attrs.isDirectory()) {
            return new Resolution.Forbidden("not a regular file");
        }
        return new Resolution.Found(candidate, attrs);
    }

    /**
     * The common case, cheaply: one lstat per component below the root. When none is a symlink the real path
     * is the root's real path plus those components, which lie lexically under it, so it cannot leave the
     * root and needs no realpath (a readlink per component of the whole path). Null when a component is a
     * symlink (or the candidate is the root itself): then {@link #inspectThroughLinks} decides.
     */
    private BasicFileAttributes withoutLinks(Path candidate) throws IOException {
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            return null;
        }
        Path at = root;
        BasicFileAttributes attrs = null;
        for (Path name : root.relativize(candidate)) {
            at = at.resolve(name);
            attrs = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                return null;
            }
        }
        return attrs;
    }

    /** A path through a symlink: follow it, then check where it really leads. */
    private Resolution inspectThroughLinks(Path candidate) {
        BasicFileAttributes attrs;
        Path real;
        try {
            attrs = Files.readAttributes(candidate, BasicFileAttributes.class);
            real = candidate.toRealPath();
        } catch (IOException e) {
            return failure(e);
        }
        if (real.startsWith(realRoot)) {
            if (!options.serveDotfiles() && hasDotSegment(realRoot.relativize(real))) {
                return new Resolution.NotFound("dotfile behind a symlink");
            }
        } else if (!options.followSymlinksOutsideRoot()) {
            return new Resolution.Forbidden("symlink leaves the root");
        }
        return servable(candidate, attrs);
    }

    /** A file-system error as the client sees it: a missing file 404, a denied one 403. */
    private static Resolution failure(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> new Resolution.NotFound("no such file");
            case AccessDeniedException a -> new Resolution.Forbidden("permission denied");
            default -> new Resolution.NotFound(e.getClass().getSimpleName());
        };
    }

    private Resolution servable(Path candidate, BasicFileAttributes attrs) {
        if (!options.serveDotfiles() && candidate.startsWith(root) && hasDotSegment(root.relativize(candidate))) {
            return new Resolution.NotFound("dotfile");
        }
        if (!attrs.isRegularFile() && !attrs.isDirectory()) {
            return new Resolution.Forbidden("not a regular file");
        }
        return new Resolution.Found(candidate, attrs);
    }

    private static boolean hasDotSegment(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
