package io.wharf.kv.persist;

import io.wharf.kv.store.Snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a snapshot to a file the way Redis does, so a crash never leaves a half-written file under the real
 * name: into {@code temp-<pid>-<n>.rdb} beside it, synced, renamed over the target, directory synced.
 *
 * <p>Threading: stateless; one call per file.
 */
final class RdbFiles {

    private static final java.util.concurrent.atomic.AtomicLong TEMP = new java.util.concurrent.atomic.AtomicLong();

    private RdbFiles() {
    }

    /** Writes {@code snapshot} to {@code target}; returns its size. The temp file is removed on failure. */
    static long write(Snapshot snapshot, Path target, boolean compress, boolean checksum, long usedMemory,
                      boolean aofBase) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + TEMP.incrementAndGet() + ".rdb");
        try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c), 1 << 16);
            long size = new RdbWriter(out, compress, checksum).write(snapshot, System.currentTimeMillis(),
                    usedMemory, aofBase);
            out.flush();
            c.force(true);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AofManifest.syncDirectory(dir);
            return size;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
