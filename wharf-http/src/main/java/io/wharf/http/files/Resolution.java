package io.wharf.http.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a request path maps to under a document root; see {@link PathResolver#resolve(String)}. */
public sealed interface Resolution {

    /**
     * A regular file to serve: the named file, or the index file of a directory requested with a slash.
     *
     * @param attributes read while resolving; size and mtime for Content-Length, ETag and Last-Modified
     */
    record Found(Path file, BasicFileAttributes attributes) implements Resolution {
    }

    /**
     * A directory, requested with a trailing slash, that has no index file: list it when listings are on,
     * otherwise answer 403.
     *
     * @param path the decoded, normalised request path ending in {@code /}, for the listing title and links
     */
    record Directory(Path dir, BasicFileAttributes attributes, String path) implements Resolution {
    }

    /** A directory requested without its trailing slash: answer 301 to {@code location} (plus any query). */
    record Redirect(String location) implements Resolution {
    }

    /** 403: the path is malformed or tries to leave the root. {@code reason} is for logs, not clients. */
    record Forbidden(String reason) implements Resolution {
    }

    /** 404: nothing there, or something hidden by the dotfile rule. {@code reason} is for logs, not clients. */
    record NotFound(String reason) implements Resolution {
    }
}
