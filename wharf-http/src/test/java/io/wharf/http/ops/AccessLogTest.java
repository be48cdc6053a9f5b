package io.wharf.http.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccessLogTest {

    private static AccessRecord rec(int i) {
        return new AccessRecord("127.0.0.1", "", Instant.parse("2026-11-26T06:41:02Z"), "GET /" + i + " HTTP/1.1",
                200, i, "", "curl/8.0");
    }

    @Test
    void linesReachTheFileWithinTheFlushIntervalWithoutClose(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(file)) {
            assertThat(log.enabled()).isTrue();
            log.log(rec(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(file).contains("GET /1 HTTP/1.1"));
            assertThat(Files.readAllLines(file)).hasSize(1);
        }
    }

    @Test
    void closeWritesEveryQueuedLineInOrderAndAppends(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "old line\n");
        AccessLog log = AccessLog.open(file);
        for (int i = 0; i < 500; i++) {
            log.log(rec(i));
        }
        log.close();
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(501).first().isEqualTo("old line");
        for (int i = 0; i < 500; i++) {
            assertThat(lines.get(i + 1)).contains("\"GET /" + i + " HTTP/1.1\" 200 " + i + " ");
        }
        assertThat(log.dropped()).isZero();
        log.log(rec(999));
        assertThat(log.dropped()).isOne();
        log.close();
    }

    @Test
    void everyRecordFromManyThreadsIsWrittenOrCountedAsDropped() throws Exception {
        StringWriter sink = new StringWriter();
        AccessLog log = new AccessLog(sink, 256, ZoneOffset.UTC, Duration.ofMillis(10));
        int threads = 4;
        int each = 5_000;
        Thread[] loggers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            loggers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    log.log(rec(i));
                }
            });
        }
        for (Thread t : loggers) {
            t.join();
        }
        // No lost wake-up: the writer drains the queue without being poked by close().
        await().atMost(Duration.ofSeconds(5)).until(() -> log.pending() == 0);
        log.close();
        long written = sink.toString().lines().count();
        assertThat(written + log.dropped()).isEqualTo((long) threads * each);
        assertThat(sink.toString().lines()).allMatch(l -> l.startsWith("127.0.0.1 - - [26/Nov/2026:06:41:02 +0000] "));
    }

    @Test
    void offLogsNothing() {
        AccessLog off = AccessLog.off();
        assertThat(off.enabled()).isFalse();
        off.log(rec(1));
        off.close();
        assertThat(off.dropped()).isZero();
    }

    /** A sink whose writes block until released: a disk that has stopped answering. */
    static final class StuckWriter extends Writer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final StringWriter written = new StringWriter();

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            written.write(buf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    @Timeout(10)
    void logNeverBlocksOnAStuckWriterAndCountsWhatItDrops() throws InterruptedException {
        StuckWriter sink = new StuckWriter();
        int capacity = 4;
        AccessLog log = new AccessLog(sink, capacity, ZoneOffset.UTC, Duration.ZERO);
        log.log(rec(0));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
        // The writer is stuck flushing line 0: the queue takes `capacity` more, the rest are dropped.
        for (int i = 1; i <= 1000; i++) {
            log.log(rec(i));
        }
        assertThat(log.dropped()).isEqualTo(1000 - capacity);
        assertThat(log.pending()).isEqualTo(capacity);
        sink.release.countDown();
        log.close();
        String out = sink.written.toString();
        assertThat(out.lines()).hasSize(1 + capacity);
        assertThat(out).contains("GET /0 ", "GET /1 ", "GET /4 ").doesNotContain("GET /5 ");
    }

    @Test
    void aFailingDiskDropsLinesAndRecovers() {
        AtomicBoolean failing = new AtomicBoolean(true);
        StringWriter good = new StringWriter();
        Writer sink = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (failing.get()) {
                    throw new IOException("No space left on device");
                }
                good.write(buf, off, len);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AccessLog log = new AccessLog(sink, 16, ZoneOffset.UTC, Duration.ZERO);
        log.log(rec(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.pending() == 0);
        failing.set(false);
        log.log(rec(2));
        log.close();
        // The failed flush kept its bytes in the buffer; the next successful flush writes them out.
        assertThat(good.toString()).contains("GET /2 ");
        assertThat(log.dropped()).isZero();
    }
}
