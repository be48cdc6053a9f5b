package io.wharf.kv.persist;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's multi-part AOF manifest ({@code appenddirname/appendfilename.manifest}): one base file (an RDB,
 * {@code appendonly.aof.N.base.rdb}) and the incr files written after it, in order
 * ({@code appendonly.aof.M.incr.aof}), one per line as Redis writes them:
 * {@code file appendonly.aof.1.base.rdb seq 1 type b}. It is replaced atomically (written beside, synced,
 * renamed, directory synced), so a crash leaves either the old list or the new one.
 *
 * <p>Threading: immutable.
 */
public record AofManifest(String baseName, Entry base, List<Entry> incrs) {

    /** One file of the manifest. */
    public record Entry(String file, long seq, char type) {
    }

    /** The manifest of a fresh AOF: base 1 and incr 1. */
    static AofManifest fresh(String baseName) {
        return new AofManifest(baseName, new Entry(baseName + ".1.base.rdb", 1, 'b'),
                List.of(new Entry(baseName + ".1.incr.aof", 1, 'i')));
    }

    static Path path(Path dir, String baseName) {
        return dir.resolve(baseName + ".manifest");
    }

    /** The manifest with one more incr file after the others (an AOF rewrite begins). */
    AofManifest withNewIncr() {
        long seq = incrs.isEmpty() ? 1 : incrs.get(incrs.size() - 1).seq() + 1;
        List<Entry> more = new ArrayList<>(incrs);
        more.add(new Entry(baseName + "." + seq + ".incr.aof", seq, 'i'));
        return new AofManifest(baseName, base, List.copyOf(more));
    }

    /** The manifest once the rewrite is done: the new base and the incr files written since it began. */
    AofManifest rewritten(long baseSeq, Entry firstIncr) {
        List<Entry> kept = new ArrayList<>();
        for (Entry e : incrs) {
            if (e.seq() >= firstIncr.seq()) {
                kept.add(e);
            }
        }
        return new AofManifest(baseName, new Entry(baseName + "." + baseSeq + ".base.rdb", baseSeq, 'b'),
                List.copyOf(kept));
    }

    /** The manifest without its last incr file (a rewrite that could not start). */
    AofManifest withoutLast() {
        return new AofManifest(baseName, base, List.copyOf(incrs.subList(0, incrs.size() - 1)));
    }

    Entry lastIncr() {
        return incrs.get(incrs.size() - 1);
    }

    static AofManifest read(Path file, String baseName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PersistenceException(file + ": cannot read the AOF manifest: " + e.getMessage());
        }
        Entry base = null;
        List<Entry> incrs = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] t = line.split("\\s+");
            String name = null;
            long seq = -1;
            char type = 0;
            for (int i = 0; i + 1 < t.length; i += 2) {
                switch (t[i]) {
                    case "file" -> name = t[i + 1];
                    case "seq" -> seq = parseSeq(t[i + 1]);
                    case "type" -> type = t[i + 1].length() == 1 ? t[i + 1].charAt(0) : 0;
                    default -> { } // later Redis versions add keys; they are not ours to judge
                }
            }
            if (t.length % 2 != 0 || name == null || seq < 0 || "bhi".indexOf(type) < 0 || name.contains("/")) {
                throw new PersistenceException(file + ":" + (n + 1) + ": invalid AOF manifest line '" + line + "'");
            }
            Entry e = new Entry(name, seq, type);
            if (type == 'b') {
                if (base != null) {
                    throw new PersistenceException(file + ":" + (n + 1) + ": a second base file in the AOF manifest");
                }
                base = e;
            } else if (type == 'i') {
                incrs.add(e);
            }
        }
        if (base == null && incrs.isEmpty()) {
            throw new PersistenceException(file + ": the AOF manifest lists no files");
        }
        return new AofManifest(baseName, base, List.copyOf(incrs));
    }

    private static long parseSeq(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String format() {
        StringBuilder out = new StringBuilder();
        if (base != null) {
            line(out, base);
        }
        incrs.forEach(e -> line(out, e));
        return out.toString();
    }

    private static void line(StringBuilder out, Entry e) {
        out.append("file ").append(e.file()).append(" seq ").append(e.seq()).append(" type ").append(e.type())
                .append('\n');
    }

    /** Replaces the manifest in {@code dir} atomically. */
    void write(Path dir) throws IOException {
        Path target = path(dir, baseName);
        Path temp = dir.resolve("temp-" + target.getFileName());
        try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(java.nio.ByteBuffer.wrap(format().getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Makes a rename or a new file in {@code dir} durable (fsync of the directory, where the OS allows). */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // not every file system can sync a directory; the rename itself is still atomic
        }
    }
}
