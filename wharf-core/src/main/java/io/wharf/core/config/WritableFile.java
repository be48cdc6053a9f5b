package io.wharf.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a log file named by a key ({@code log_file}, {@code access_log}) can be written, checked before the
 * server starts so a bad path is one error line, not a silently empty log. A missing directory is a problem: the
 * server does not create directories a typo named. Threading: stateless.
 */
public final class WritableFile {

    private WritableFile() {
    }

    /** Why {@code file} cannot be appended to, e.g. {@code directory /nonexistent does not exist}; empty if it can. */
    public static Optional<String> problem(String file) {
        Path p = Path.of(file).toAbsolutePath();
        Path dir = p.getParent();
        if (Files.isDirectory(p)) {
            return Optional.of("it is a directory");
        }
        if (dir != null && !Files.exists(dir)) {
            return Optional.of("directory " + dir + " does not exist");
        }
        if (dir != null && !Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        if (Files.exists(p) ? !Files.isWritable(p) : dir != null && !Files.isWritable(dir)) {
            return Optional.of("permission denied");
        }
        return Optional.empty();
    }

    /** The one-line refusal: {@code [logging] log_file: cannot write /x/y.log: directory /x does not exist}. */
    public static Optional<String> refusal(ConfigKey<?> key, String file) {
        return problem(file).map(why -> "[" + key.section() + "] " + key.name() + ": cannot write " + file + ": " + why);
    }
}
