package io.wharf.kv.persist;

import io.wharf.kv.store.Keyspace;
import io.wharf.kv.store.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Persistence of one kv service: loads the data at start (the AOF when {@code appendonly} is on, else the RDB
 * file), takes RDB snapshots (SAVE in the caller, BGSAVE and the {@code save} rules on a thread of their own),
 * runs the AOF ({@link AppendOnlyFile}, {@link AofRewrite}) and answers INFO's persistence section.
 *
 * <p>Background saves work from a {@link Snapshot}: taken under the key space's lock in one pass over the keys
 * (Redis forks there; the pause is measured as {@code latest_fork_usec}), then written without the lock while
 * writes copy the containers they change.
 *
 * <p>Threading: {@link #save}, {@link #bgsave}, {@link #bgrewriteaof} and {@link #writeRefusal} are called
 * under the key space's lock (from commands); the cron runs on {@code wharf-kv-persist}, and takes the lock
 * itself; the counters are volatile.
 */
public final class Persistence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, the rules wait this long. */
    private static final long RETRY_DELAY_MILLIS = 5000;

    private final PersistSettings settings;
    private final Keyspace keyspace;
    private final LongSupplier usedMemory;
    private final Propagation propagation = new Propagation();
    private final ScheduledExecutorService cron;
    /** The AOF while {@code appendonly} is on; set at start and by CONFIG SET under the key space's lock. */
    private volatile AofRewrite aof;
    /** The {@code save} rules: from the settings, then as CONFIG SET sets them (read by the cron). */
    private volatile SaveRules saveRules;

    private volatile long lastSave = System.currentTimeMillis() / 1000;
    private volatile long lastBgsaveTry;
    private volatile boolean lastBgsaveOk = true;
    private volatile Thread bgsave;
    private volatile long bgsaveStarted;
    private volatile long lastBgsaveSeconds = -1;
    private volatile long rdbSaves;
    private volatile long loadedKeys;
    private volatile long latestForkMicros;

    /**
     * Loads what is on disk into {@code keyspace} (with {@code replay} running AOF commands as Redis's fake
     * client) and starts the AOF and the save rules.
     *
     * @throws PersistenceException when a file cannot be loaded: start-up stops with its message
     */
    public Persistence(PersistSettings settings, Keyspace keyspace, Consumer<List<byte[]>> replay,
                       LongSupplier usedMemory) {
        this.settings = settings;
        this.keyspace = keyspace;
        this.usedMemory = usedMemory;
        this.saveRules = settings.save();
        keyspace.feed(propagation);
        keyspace.loading(true);
        try {
            if (settings.appendOnly()) {
                aof = AofRewrite.open(settings, keyspace, propagation, replay, this::snapshotTimed);
                if (Files.exists(settings.rdbFile())) {
                    LOG.info("{} is not loaded: appendonly is on, so the AOF is the data (as in Redis)",
                            settings.rdbFile());
                }
            } else if (Files.exists(settings.rdbFile())) {
                long start = System.nanoTime();
                loadedKeys = RdbReader.load(settings.rdbFile(), keyspace, false, System.currentTimeMillis());
                LOG.info("DB loaded from {}: {} keys in {} ms", settings.rdbFile(), loadedKeys,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        } finally {
            keyspace.loading(false);
        }
        propagation.saved(propagation.dirty()); // what was loaded is what is on disk, as Redis's dirty = 0
        cron = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("wharf-kv-persist")
                .daemon().unstarted(r));
        cron.scheduleWithFixedDelay(this::cronTick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * CONFIG SET appendonly: {@code yes} starts the AOF with a rewrite of the data as it is
     * ({@link AofRewrite#startLive}); {@code no} stops appending, syncs and closes the file (waiting for a
     * rewrite that is running), leaving the files as they are, as Redis's {@code stopAppendOnly}. Under the key
     * space's lock. Null, or the error.
     */
    public String appendOnly(boolean on) {
        if (on == (aof != null)) {
            return null;
        }
        if (on) {
            try {
                aof = AofRewrite.startLive(settings, keyspace, propagation, this::snapshotTimed);
                return null;
            } catch (PersistenceException e) {
                LOG.error("{}", e.getMessage());
                return e.getMessage();
            }
        }
        AofRewrite stopping = aof;
        propagation.attach(null);
        aof = null;
        try {
            stopping.file().flushAndSync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopping.close();
        LOG.info("AOF turned off: {} left as it is", settings.aofDir());
        return null;
    }

    /** The AOF, or null when {@code appendonly} is off. */
    public AppendOnlyFile aof() {
        return aof == null ? null : aof.file();
    }

    public PersistSettings settings() {
        return settings;
    }

    /** {@code -MISCONF ...} while the AOF cannot be written (as Redis refuses writes then), else null. */
    public String writeRefusal() {
        AppendOnlyFile f = aof();
        if (f != null && f.lastError() != null) {
            return "MISCONF Errors writing to the AOF file: " + f.lastError();
        }
        return null;
    }

    /** Under the lock: a snapshot, timing how long it held the lock. */
    private Snapshot snapshotTimed() {
        long start = System.nanoTime();
        Snapshot s = keyspace.snapshot();
        latestForkMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        return s;
    }

    /** SAVE: writes the RDB file now, holding the lock as Redis's SAVE blocks its server. Null, or the error. */
    public String save() {
        if (bgsave != null) {
            return "ERR Background save already in progress";
        }
        long dirty = propagation.dirty();
        try (Snapshot s = snapshotTimed()) {
            RdbFiles.write(s, settings.rdbFile(), settings.rdbCompression(), settings.rdbChecksum(),
                    usedMemory.getAsLong(), false);
            saved(dirty, true);
            return null;
        } catch (IOException e) {
            LOG.error("SAVE to {} failed: {}", settings.rdbFile(), e.toString());
            lastBgsaveOk = false;
            return "ERR " + e.getMessage();
        }
    }

    /** BGSAVE: false if one is already running. Under the lock. */
    public boolean bgsave() {
        if (bgsave != null) {
            return false;
        }
        long dirty = propagation.dirty();
        Snapshot s = snapshotTimed();
        bgsaveStarted = System.currentTimeMillis();
        lastBgsaveTry = bgsaveStarted;
        LOG.info("Background saving started ({} keys, the lock held {} us to take them)", s.keys(),
                latestForkMicros);
        Thread t = Thread.ofPlatform().name("wharf-kv-bgsave").daemon().unstarted(() -> {
            boolean ok = false;
            try (s) {
                RdbFiles.write(s, settings.rdbFile(), settings.rdbCompression(), settings.rdbChecksum(),
                        usedMemory.getAsLong(), false);
                ok = true;
                LOG.info("Background saving terminated with success: {}", settings.rdbFile());
            } catch (IOException | RuntimeException e) {
                LOG.error("Background saving to {} failed: {}", settings.rdbFile(), e.toString());
            } finally {
                lastBgsaveSeconds = (System.currentTimeMillis() - bgsaveStarted) / 1000;
                saved(dirty, ok);
                bgsave = null;
            }
        });
        bgsave = t;
        t.start();
        return true;
    }

    private void saved(long dirtyAtStart, boolean ok) {
        lastBgsaveOk = ok;
        if (ok) {
            propagation.saved(dirtyAtStart);
            lastSave = System.currentTimeMillis() / 1000;
            rdbSaves++;
        }
    }

    /** Waits for a running BGSAVE (SHUTDOWN, tests). */
    public void awaitBgsave() throws InterruptedException {
        Thread t = bgsave;
        if (t != null) {
            t.join();
        }
    }

    /**
     * BGREWRITEAOF: the reply's text, or an error (starting with {@code ERR}). Under the lock. Without
     * {@code appendonly} Redis still writes a one-off AOF; wharf refuses, saying so.
     */
    public String bgrewriteaof() {
        if (aof == null) {
            return "ERR appendonly is off: BGREWRITEAOF rewrites the AOF of a server with appendonly yes";
        }
        if (aof.inProgress()) {
            return "ERR Background append only file rewriting already in progress";
        }
        String error = aof.start();
        return error != null ? error : "Background append only file rewriting started";
    }

    public AofRewrite rewrite() {
        return aof;
    }

    /** Unix seconds of the last successful save (LASTSAVE). */
    public long lastSave() {
        return lastSave;
    }

    public boolean hasSaveRules() {
        return !saveRules.isEmpty();
    }

    /** The {@code save} rules in force. */
    public SaveRules saveRules() {
        return saveRules;
    }

    /** CONFIG SET save: the cron goes by {@code rules} from its next tick (every 100 ms). */
    public void saveRules(SaveRules rules) {
        saveRules = rules;
    }

    private void cronTick() {
        try {
            keyspace.lock().lock();
            try {
                long now = System.currentTimeMillis();
                if (bgsave == null && saveRules.due(propagation.dirty(), now / 1000 - lastSave)
                        && (lastBgsaveOk || now - lastBgsaveTry > RETRY_DELAY_MILLIS)) {
                    LOG.info("{} changes in {} seconds. Saving...", propagation.dirty(), now / 1000 - lastSave);
                    bgsave();
                }
                if (aof != null) {
                    aof.maybeAutoRewrite();
                }
            } finally {
                keyspace.lock().unlock();
            }
        } catch (RuntimeException e) {
            LOG.error("persistence cron failed", e);
        }
    }

    /**
     * SHUTDOWN and a stop of the server: syncs the AOF, and writes the RDB file when {@code save} (SHUTDOWN SAVE)
     * or, unless {@code nosave}, when save rules are set, as Redis does. Takes the lock itself. Null, or the
     * error that stopped it (the server then stays up, as Redis's does).
     */
    public String shutdown(boolean save, boolean nosave) {
        try {
            awaitBgsave();
            if (aof != null) {
                aof.file().flushAndSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "ERR interrupted";
        }
        if (save || !nosave && hasSaveRules()) {
            keyspace.lock().lock();
            try {
                String error = save();
                if (error != null) {
                    return "ERR Errors trying to SHUTDOWN. Check logs.";
                }
            } finally {
                keyspace.lock().unlock();
            }
            LOG.info("DB saved on disk: {}", settings.rdbFile());
        }
        return null;
    }

    /** INFO's {@code # Persistence} section, Redis's fields. */
    public void info(StringBuilder out) {
        long now = System.currentTimeMillis();
        Thread running = bgsave;
        out.append("# Persistence\r\n")
                .append("loading:0\r\nasync_loading:0\r\n")
                .append("current_cow_peak:0\r\ncurrent_cow_size:0\r\ncurrent_cow_size_age:0\r\n")
                .append("current_fork_perc:0.00\r\ncurrent_save_keys_processed:0\r\ncurrent_save_keys_total:0\r\n")
                .append("rdb_changes_since_last_save:").append(propagation.dirty()).append("\r\n")
                .append("rdb_bgsave_in_progress:").append(running != null ? 1 : 0).append("\r\n")
                .append("rdb_last_save_time:").append(lastSave).append("\r\n")
                .append("rdb_last_bgsave_status:").append(lastBgsaveOk ? "ok" : "err").append("\r\n")
                .append("rdb_last_bgsave_time_sec:").append(lastBgsaveSeconds).append("\r\n")
                .append("rdb_current_bgsave_time_sec:")
                .append(running != null ? (now - bgsaveStarted) / 1000 : -1).append("\r\n")
                .append("rdb_saves:").append(rdbSaves).append("\r\n")
                .append("rdb_last_cow_size:0\r\n")
                .append("rdb_last_load_keys_expired:0\r\n")
                .append("rdb_last_load_keys_loaded:").append(loadedKeys).append("\r\n")
                .append("aof_enabled:").append(aof != null ? 1 : 0).append("\r\n");
        if (aof != null) {
            aof.info(out, now);
        } else {
            out.append("aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:-1\r\n")
                    .append("aof_current_rewrite_time_sec:-1\r\naof_last_bgrewrite_status:ok\r\naof_rewrites:0\r\n")
                    .append("aof_rewrites_consecutive_failures:0\r\naof_last_write_status:ok\r\naof_last_cow_size:0\r\n");
        }
        out.append("module_fork_in_progress:0\r\nmodule_fork_last_cow_size:0\r\n");
    }

    /** How long the last snapshot held the lock, microseconds (INFO stats {@code latest_fork_usec}). */
    public long latestForkMicros() {
        return latestForkMicros;
    }

    /** Stops the cron and the AOF writer, after syncing what was appended. */
    @Override
    public void close() {
        cron.shutdownNow();
        try {
            awaitBgsave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (aof != null) {
            aof.close();
        }
    }
}
