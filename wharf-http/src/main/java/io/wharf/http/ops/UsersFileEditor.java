package io.wharf.http.ops;

import io.wharf.core.security.PasswordHasher;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds or replaces one user's line in a users file, as {@code wharf passwd} does. The new file is written
 * next to the old one and renamed over it, so a reader (a server reloading) sees the old file or the new,
 * never half of one. Comments, blank lines and other users' lines are kept as they are. A new file is
 * created readable by its owner only (0600); an existing file keeps its permissions.
 *
 * <p>Threading: stateless. Two editors racing on one file may lose one of the two edits (last rename wins).
 */
public final class UsersFileEditor {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private UsersFileEditor() {
    }

    /** The outcome of {@link #put}. */
    public enum Change { ADDED, REPLACED }

    /**
     * Sets {@code user}'s hash in {@code file}, creating the file if missing.
     *
     * @throws IllegalArgumentException if {@code user} cannot be a user name or {@code hash} is not a hash
     */
    public static Change put(Path file, String user, String hash) throws IOException {
        Optional<String> bad = UsersFile.userNameProblem(user);
        if (bad.isPresent()) {
            throw new IllegalArgumentException(bad.get());
        }
        if (!PasswordHasher.wellFormed(hash)) {
            throw new IllegalArgumentException("not a password hash");
        }
        boolean exists = Files.exists(file);
        List<String> lines = exists ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> updated = new ArrayList<>(lines.size() + 1);
        String entry = user + ":" + hash;
        boolean replaced = false;
        for (String line : lines) {
            if (!userOf(line).equals(user)) {
                updated.add(line);
            } else if (!replaced) {
                updated.add(entry);
                replaced = true;
            }
            // A second line for the same user would make the file invalid: drop it.
        }
        if (!replaced) {
            updated.add(entry);
        }
        writeAtomically(file, updated, exists);
        return replaced ? Change.REPLACED : Change.ADDED;
    }

    private static String userOf(String line) {
        String s = line.strip();
        int colon = s.indexOf(':');
        return s.startsWith("#") || colon < 0 ? "" : s.substring(0, colon).strip();
    }

    private static void writeAtomically(Path file, List<String> lines, boolean exists) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Set<PosixFilePermission> perms = exists && posix ? Files.getPosixFilePermissions(abs) : OWNER_ONLY;
        Path tmp = createTemp(dir, abs.getFileName().toString(), posix);
        try {
            if (posix) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
                w.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path createTemp(Path dir, String name, boolean posix) throws IOException {
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        return Files.createTempFile(dir, "." + name + ".", ".tmp", attrs);
    }
}
