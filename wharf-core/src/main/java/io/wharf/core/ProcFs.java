package io.wharf.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads Linux /proc and /proc/sys files. Not with {@code Files.readString}: these files report size 0, so it
 * probes with a 1-byte read, and a sysctl file answers any read at a non-zero offset with end of file:
 * "4096" came back as "4". A plain stream's first read takes the whole value.
 */
public final class ProcFs {

    private ProcFs() {
    }

    /** The file's text, or "" when it cannot be read (not Linux, no permission). */
    public static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A file holding one number, such as /proc/sys/net/core/somaxconn; empty when unreadable. */
    public static OptionalLong number(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(read(file).trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
