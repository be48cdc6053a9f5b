package io.wharf.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes config files for tests. */
final class ConfFiles {

    private ConfFiles() {
    }

    /** {@code server.conf} in {@code dir}, lines joined with LF. */
    static Path write(Path dir, String... lines) {
        return writeRaw(dir, String.join("\n", lines) + "\n");
    }

    static Path writeRaw(Path dir, String text) {
        try {
            return Files.writeString(dir.resolve("server.conf"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
