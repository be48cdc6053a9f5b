package io.wharf.chat.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes to the database ({@code wharf-chat-store}): takes writes from a queue in order
 * and commits whatever has queued up meanwhile as one transaction, so a burst of messages costs one sync.
 * A failed write is logged (the statement's error only, never its values) and the rest carry on.
 *
 * <p>Threading: {@link #submit} from any thread, never blocking; {@link #close} once, from any thread. The
 * JDBC connection belongs to the writer thread once {@link #start} has been called.
 */
final class StoreWriter {

    /** One write, run on the writer thread inside its batch's transaction. */
    @FunctionalInterface
    interface Write {
        void run(Connection db) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_BATCH = 512;
    private static final Write STOP = db -> {
    };

    private final Connection db;
    private final String database;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    StoreWriter(Connection db, String database) {
        this.db = db;
        this.database = database;
        this.thread = Thread.ofPlatform().name("wharf-chat-store").daemon().unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    void submit(Write write) {
        queue.add(write);
    }

    /** Writes everything queued, then stops the thread (waiting up to 30 s). */
    void close() {
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        try {
            for (;;) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                commit(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.setAutoCommit(false);
            for (Write w : batch) {
                try {
                    w.run(db);
                } catch (SQLException e) {
                    log.error("chat: a write to {} failed: {}", database, e.getMessage());
                }
            }
            db.commit();
        } catch (SQLException e) {
            log.error("chat: committing to {} failed, {} write(s) lost: {}", database, batch.size(), e.getMessage());
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException e) {
                log.debug("chat: restoring auto-commit: {}", e.getMessage());
            }
        }
    }
}
