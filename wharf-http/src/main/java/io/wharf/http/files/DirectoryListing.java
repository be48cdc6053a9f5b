package io.wharf.http.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The entries of a directory as a listing shows them: only what the {@link PathResolver} would serve (no
 * dotfiles unless enabled, no symlinks out of the root, no FIFOs or dangling links), directories first,
 * then by name ignoring case. Rendered by {@link HtmlListing} and {@link JsonListing}.
 *
 * <p>Threading: stateless and thread-safe. Blocking file-system calls: run off any event loop.
 */
public final class DirectoryListing {

    /** Directories first, then case-insensitive name, then exact name so the order is total. */
    static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> !e.directory())
            .thenComparing(Entry::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Entry::name);

    /**
     * One entry.
     *
     * @param size bytes for a file; 0 for a directory
     */
    public record Entry(String name, boolean directory, long size, Instant modified) {
    }

    private DirectoryListing() {
    }

    /** Reads and sorts the servable entries of {@code dir}, which the resolver returned. */
    public static List<Entry> read(Path dir, PathResolver resolver) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!resolver.options().serveDotfiles() && name.startsWith(".")) {
                    continue;
                }
                if (resolver.inspect(child) instanceof Resolution.Found found) {
                    BasicFileAttributes a = found.attributes();
                    entries.add(new Entry(name, a.isDirectory(), a.isDirectory() ? 0 : a.size(),
                            a.lastModifiedTime().toInstant()));
                }
            }
        }
        entries.sort(ORDER);
        return entries;
    }
}
