package io.wharf.kv.persist;

import io.wharf.kv.store.Keyspace;
import io.wharf.kv.store.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Redis 7.0's multi-part AOF in {@code dir/appenddirname}: a base file (an RDB, as with Redis's default
 * {@code aof-use-rdb-preamble yes}), the incr files of the commands since, and the manifest that lists them
 * ({@link AofManifest}). Loads them at start, and rewrites them in the background.
 *
 * <p><b>Rewrite without fork.</b> Under the key space's lock, in one step: open incr file N+1, switch the
 * appends to it, and take a {@link Snapshot} (one pass over the keys, copying references; writes then copy a
 * container before changing it). That pass is the only time clients wait; it is logged and reported as
 * INFO's {@code latest_fork_usec}. The AOF writer makes a manifest listing base, the old incr files and
 * incr N+1 durable before it writes anything to N+1, so every acknowledged write is always in a listed file.
 * Then, without the lock, the snapshot is written as base N+1 (temp file, fsync, rename); the manifest becomes
 * base N+1 plus incr N+1 onwards (atomic replace), and the old files are deleted. A failure at any point leaves
 * a manifest that loads the data in full.
 *
 * <p>Automatic rewrites: when the AOF is over {@code auto_aof_rewrite_min_size} and has grown by
 * {@code auto_aof_rewrite_percentage} since the last rewrite (or since start), as Redis's {@code serverCron}.
 *
 * <p>Threading: {@link #start} and {@link #maybeAutoRewrite} under the key space's lock; the rewrite itself on
 * {@code wharf-kv-bgrewriteaof}; the manifest is replaced under {@code manifestLock} only.
 */
public final class AofRewrite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AofRewrite.class);

    private final PersistSettings settings;
    private final Path dir;
    private final Propagation propagation;
    private final Supplier<Snapshot> snapshots;
    private final AppendOnlyFile file;
    private final Object manifestLock = new Object();
    private AofManifest manifest;
    /** Generation of the manifest in memory; a stale intermediate manifest is never written over a newer one. */
    private long generation;

    private volatile Thread running;
    private volatile long rewriteStarted;
    private volatile long lastRewriteSeconds = -1;
    private volatile boolean lastOk = true;
    private volatile long rewrites;
    private volatile long consecutiveFailures;
    /** aof_current_size = sizeOffset + bytes appended; aof_base_size as of the last rewrite (or start). */
    private volatile long sizeOffset;
    private volatile long baseSize;

    private AofRewrite(PersistSettings settings, Propagation propagation, Supplier<Snapshot> snapshots,
                       AofManifest manifest, AppendOnlyFile file, long size) {
        this.settings = settings;
        this.dir = settings.aofDir();
        this.propagation = propagation;
        this.snapshots = snapshots;
        this.manifest = manifest;
        this.file = file;
        this.sizeOffset = size;
        this.baseSize = size;
    }

    /** Loads the AOF (or creates an empty one) and starts appending to its last incr file. */
    static AofRewrite open(PersistSettings s, Keyspace keyspace, Propagation propagation,
                           Consumer<List<byte[]>> replay, Supplier<Snapshot> snapshots) {
        Path dir = s.aofDir();
        Path manifestPath = AofManifest.path(dir, s.appendFilename());
        AofManifest manifest;
        long start = System.nanoTime();
        try {
            if (Files.exists(manifestPath)) {
                manifest = AofManifest.read(manifestPath, s.appendFilename());
                long commands = load(s, dir, manifest, keyspace, replay);
                LOG.info("DB loaded from append only file {}: {} keys in db 0.., {} commands replayed, {} ms",
                        manifestPath, keys(keyspace), commands, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                if (manifest.incrs().isEmpty()) {
                    manifest = manifest.withNewIncr();
                    manifest.write(dir);
                }
            } else {
                Files.createDirectories(dir);
                manifest = AofManifest.fresh(s.appendFilename());
                try (Snapshot empty = snapshotLocked(keyspace)) {
                    RdbFiles.write(empty, dir.resolve(manifest.base().file()), s.rdbCompression(), s.rdbChecksum(),
                            0, true);
                }
                Files.deleteIfExists(dir.resolve(manifest.lastIncr().file()));
                Files.createFile(dir.resolve(manifest.lastIncr().file()));
                manifest.write(dir);
                LOG.info("Creating AOF base file {} and incr file {} on server start", manifest.base().file(),
                        manifest.lastIncr().file());
            }
            long size = totalSize(dir, manifest);
            FileChannel incr = FileChannel.open(dir.resolve(manifest.lastIncr().file()), StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE);
            incr.position(incr.size());
            AppendOnlyFile file = new AppendOnlyFile(incr, s.fsync());
            keyspace.lock().lock();
            try {
                propagation.attach(file);
            } finally {
                keyspace.lock().unlock();
            }
            return new AofRewrite(s, propagation, snapshots, manifest, file, size);
        } catch (IOException e) {
            throw new PersistenceException(dir + ": cannot open the AOF: " + e.getMessage());
        }
    }

    /**
     * CONFIG SET appendonly yes, as Redis's {@code startAppendOnly}: writes go to a new incr file from now on, and
     * a rewrite makes the base from the data as it is now; the manifest that lists them (replacing an AOF left in
     * the directory by an earlier run, whose files then go) is written only once that base is complete, so the
     * directory never lists a partial state. Under the key space's lock.
     *
     * @throws PersistenceException when the directory or the incr file cannot be made
     */
    static AofRewrite startLive(PersistSettings s, Keyspace keyspace, Propagation propagation,
                                Supplier<Snapshot> snapshots) {
        Path dir = s.aofDir();
        try {
            Files.createDirectories(dir);
            Path manifestPath = AofManifest.path(dir, s.appendFilename());
            AofManifest manifest = Files.exists(manifestPath)
                    ? AofManifest.read(manifestPath, s.appendFilename()).withNewIncr()
                    : AofManifest.fresh(s.appendFilename());
            AofManifest.Entry incr = manifest.lastIncr();
            FileChannel channel = FileChannel.open(dir.resolve(incr.file()), StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            AppendOnlyFile file = new AppendOnlyFile(channel, s.fsync());
            propagation.attach(file);
            AofRewrite r = new AofRewrite(s, propagation, snapshots, manifest, file, 0);
            Snapshot snapshot = snapshots.get();
            r.rewriteStarted = System.currentTimeMillis();
            LOG.info("AOF turned on: {} keys go to the new base, writes to {}", snapshot.keys(), incr.file());
            Thread t = Thread.ofPlatform().name("wharf-kv-bgrewriteaof").daemon()
                    .unstarted(() -> r.rewrite(snapshot, incr, 0));
            r.running = t;
            t.start();
            return r;
        } catch (IOException e) {
            throw new PersistenceException(dir + ": cannot start the AOF: " + e.getMessage());
        }
    }

    private static Snapshot snapshotLocked(Keyspace keyspace) {
        keyspace.lock().lock();
        try {
            return keyspace.snapshot();
        } finally {
            keyspace.lock().unlock();
        }
    }

    private static long keys(Keyspace ks) {
        long n = 0;
        for (int i = 0; i < ks.databases(); i++) {
            n += ks.db(i).size();
        }
        return n;
    }

    private static long load(PersistSettings s, Path dir, AofManifest m, Keyspace keyspace,
                             Consumer<List<byte[]>> replay) throws IOException {
        long commands = 0;
        if (m.base() != null) {
            Path base = existing(dir, m.base().file());
            if (RdbReader.isRdb(base)) {
                RdbReader.load(base, keyspace, true, System.currentTimeMillis());
            } else {
                commands += AofReader.replay(base, 0, m.incrs().isEmpty(), s.loadTruncated(), replay);
            }
        }
        for (int i = 0; i < m.incrs().size(); i++) {
            Path incr = existing(dir, m.incrs().get(i).file());
            commands += AofReader.replay(incr, 0, i == m.incrs().size() - 1, s.loadTruncated(), replay);
        }
        return commands;
    }

    private static Path existing(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new PersistenceException(p + ": listed in the AOF manifest but missing");
        }
        return p;
    }

    private static long totalSize(Path dir, AofManifest m) throws IOException {
        long n = m.base() == null ? 0 : Files.size(dir.resolve(m.base().file()));
        for (AofManifest.Entry e : m.incrs()) {
            n += Files.size(dir.resolve(e.file()));
        }
        return n;
    }

    AppendOnlyFile file() {
        return file;
    }

    public boolean inProgress() {
        return running != null;
    }

    /** Starts a rewrite; null, or the error. Under the key space's lock. */
    String start() {
        AofManifest next;
        long gen;
        synchronized (manifestLock) {
            next = manifest.withNewIncr();
            manifest = next;
            gen = ++generation;
        }
        AofManifest.Entry incr = next.lastIncr();
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(incr.file()), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            synchronized (manifestLock) {
                manifest = manifest.withoutLast();
            }
            LOG.error("Background AOF rewrite could not open {}: {}", incr.file(), e.toString());
            lastOk = false;
            consecutiveFailures++;
            return "ERR Can't open the append-only file: " + e.getMessage();
        }
        long appendedAtRotate = file.appended();
        propagation.rotate(channel, () -> writeIfCurrent(next, gen));
        Snapshot snapshot = snapshots.get();
        rewriteStarted = System.currentTimeMillis();
        LOG.info("Background append only file rewriting started: {} keys (the lock held them for the snapshot only)",
                snapshot.keys());
        Thread t = Thread.ofPlatform().name("wharf-kv-bgrewriteaof").daemon()
                .unstarted(() -> rewrite(snapshot, incr, appendedAtRotate));
        running = t;
        t.start();
        return null;
    }

    /** Writes {@code m} unless a later manifest was made meanwhile. */
    private void writeIfCurrent(AofManifest m, long gen) throws IOException {
        synchronized (manifestLock) {
            if (generation == gen) {
                m.write(dir);
            }
        }
    }

    private void rewrite(Snapshot snapshot, AofManifest.Entry firstIncr, long appendedAtRotate) {
        boolean ok = false;
        try (snapshot) {
            long baseSeq = manifest.base() == null ? 1 : manifest.base().seq() + 1;
            String baseName = settings.appendFilename() + "." + baseSeq + ".base.rdb";
            long size = RdbFiles.write(snapshot, dir.resolve(baseName), settings.rdbCompression(),
                    settings.rdbChecksum(), 0, true);
            List<String> obsolete;
            synchronized (manifestLock) {
                AofManifest before = manifest;
                AofManifest after = before.rewritten(baseSeq, firstIncr);
                after.write(dir);
                manifest = after;
                generation++;
                obsolete = new java.util.ArrayList<>();
                if (before.base() != null) {
                    obsolete.add(before.base().file());
                }
                for (AofManifest.Entry e : before.incrs()) {
                    if (e.seq() < firstIncr.seq()) {
                        obsolete.add(e.file());
                    }
                }
            }
            for (String name : obsolete) {
                Files.deleteIfExists(dir.resolve(name));
            }
            sizeOffset = size - appendedAtRotate;
            baseSize = size + file.appended() - appendedAtRotate;
            ok = true;
            LOG.info("Background AOF rewrite terminated with success: base {} ({} bytes)", baseName, size);
        } catch (IOException | RuntimeException e) {
            LOG.error("Background AOF rewrite failed: {}; the AOF stays as it was, complete", e.toString());
        } finally {
            lastRewriteSeconds = (System.currentTimeMillis() - rewriteStarted) / 1000;
            lastOk = ok;
            if (ok) {
                rewrites++;
                consecutiveFailures = 0;
            } else {
                consecutiveFailures++;
            }
            running = null;
        }
    }

    /** The cron's check for an automatic rewrite (under the lock). */
    void maybeAutoRewrite() {
        if (running != null || settings.rewritePercentage() == 0) {
            return;
        }
        long current = currentSize();
        long base = Math.max(baseSize, 1);
        if (current > settings.rewriteMinSize() && (current - base) * 100 / base >= settings.rewritePercentage()) {
            LOG.info("Starting automatic rewriting of AOF on {}% growth", (current - base) * 100 / base);
            start();
        }
    }

    public long currentSize() {
        return sizeOffset + file.appended();
    }

    /** Waits for a running rewrite (tests, SHUTDOWN). */
    public void await() throws InterruptedException {
        Thread t = running;
        if (t != null) {
            t.join();
        }
    }

    /** The manifest as it is now. */
    public AofManifest manifest() {
        synchronized (manifestLock) {
            return manifest;
        }
    }

    void info(StringBuilder out, long now) {
        AppendOnlyFile f = file;
        out.append("aof_rewrite_in_progress:").append(running != null ? 1 : 0).append("\r\n")
                .append("aof_rewrite_scheduled:0\r\n")
                .append("aof_last_rewrite_time_sec:").append(lastRewriteSeconds).append("\r\n")
                .append("aof_current_rewrite_time_sec:")
                .append(running != null ? (now - rewriteStarted) / 1000 : -1).append("\r\n")
                .append("aof_last_bgrewrite_status:").append(lastOk ? "ok" : "err").append("\r\n")
                .append("aof_rewrites:").append(rewrites).append("\r\n")
                .append("aof_rewrites_consecutive_failures:").append(consecutiveFailures).append("\r\n")
                .append("aof_last_write_status:").append(f.lastError() == null ? "ok" : "err").append("\r\n")
                .append("aof_last_cow_size:0\r\n")
                .append("aof_current_size:").append(currentSize()).append("\r\n")
                .append("aof_base_size:").append(baseSize).append("\r\n")
                .append("aof_pending_rewrite:0\r\n")
                .append("aof_buffer_length:").append(Math.max(0, f.appended() - f.written())).append("\r\n")
                .append("aof_pending_bio_fsync:0\r\n")
                .append("aof_delayed_fsync:0\r\n");
    }

    @Override
    public void close() {
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }
}
