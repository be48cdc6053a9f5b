package io.wharf.http.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileCacheTest {

    @TempDir
    Path tmp;

    @Test
    void loadsOnceThenHits() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        assertThat(text(cache.getOrLoad(file, attrs(file)).orElseThrow())).isEqualTo("hello");
        assertThat(text(cache.getOrLoad(file, attrs(file)).orElseThrow())).isEqualTo("hello");
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.totalBytes()).isEqualTo(5);
    }

    @Test
    void getThenLoadIsGetOrLoadSplitInTwo() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        assertThat(cache.get(file, attrs(file))).isEmpty();
        assertThat(text(cache.load(file, attrs(file)).orElseThrow())).isEqualTo("hello");
        assertThat(text(cache.get(file, attrs(file)).orElseThrow())).isEqualTo("hello");
        assertThat(cache.misses()).as("load counts no second miss").isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        Path big = write("big.bin", "x".repeat((int) FileCache.DEFAULT_MAX_ENTRY_BYTES + 1));
        assertThat(cache.load(big, attrs(big))).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void buffersAreIndependentAndReadOnly() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        cache.getOrLoad(file, attrs(file));
        ByteBuffer first = cache.get(file, attrs(file)).orElseThrow();
        first.get(new byte[3]);
        ByteBuffer second = cache.get(file, attrs(file)).orElseThrow();
        assertThat(second.remaining()).isEqualTo(5);
        assertThatThrownBy(() -> second.put(0, (byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void changedSizeInvalidates() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        cache.getOrLoad(file, attrs(file));
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "hello, world");
        Files.setLastModifiedTime(file, mtime);
        assertThat(cache.get(file, attrs(file))).isEmpty();
        assertThat(cache.size()).isZero();
        assertThat(text(cache.getOrLoad(file, attrs(file)).orElseThrow())).isEqualTo("hello, world");
    }

    @Test
    void changedMtimeInvalidates() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        cache.getOrLoad(file, attrs(file));
        Files.writeString(file, "HELLO");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(cache.get(file, attrs(file))).isEmpty();
        assertThat(text(cache.getOrLoad(file, attrs(file)).orElseThrow())).isEqualTo("HELLO");
    }

    @Test
    void staleCallerAttributesAreNotCached() throws IOException {
        Path file = write("a.txt", "hello");
        BasicFileAttributes before = attrs(file);
        Files.writeString(file, "changed!");
        FileCache cache = new FileCache();
        assertThat(cache.getOrLoad(file, before)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void bigFilesAreNotCached() throws IOException {
        Path file = Files.write(tmp.resolve("big"), new byte[101]);
        FileCache cache = new FileCache(100, 1000);
        assertThat(cache.cacheable(attrs(file))).isFalse();
        assertThat(cache.getOrLoad(file, attrs(file))).isEmpty();
        cache.put(file, attrs(file), new byte[101]);
        assertThat(cache.size()).isZero();
    }

    @Test
    void contentOfTheWrongLengthIsRefused() throws IOException {
        Path file = write("a.txt", "hello");
        FileCache cache = new FileCache();
        cache.put(file, attrs(file), "hell".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.get(file, attrs(file))).isEmpty();
    }

    @Test
    void evictsLeastRecentlyUsedPastTheTotal() throws IOException {
        Path a = write("a", "0123456789");
        Path b = write("b", "0123456789");
        Path c = write("c", "0123456789");
        Path d = write("d", "0123456789");
        FileCache cache = new FileCache(10, 30);
        cache.getOrLoad(a, attrs(a));
        cache.getOrLoad(b, attrs(b));
        cache.getOrLoad(c, attrs(c));
        cache.get(a, attrs(a));
        cache.getOrLoad(d, attrs(d));
        assertThat(cache.get(b, attrs(b))).as("least recently used").isEmpty();
        assertThat(cache.get(a, attrs(a))).isPresent();
        assertThat(cache.get(c, attrs(c))).isPresent();
        assertThat(cache.get(d, attrs(d))).isPresent();
        assertThat(cache.totalBytes()).isEqualTo(30);
    }

    @Test
    void invalidateAndClear() throws IOException {
        Path a = write("a", "x");
        Path b = write("b", "yy");
        FileCache cache = new FileCache();
        cache.getOrLoad(a, attrs(a));
        cache.getOrLoad(b, attrs(b));
        cache.invalidate(a);
        assertThat(cache.totalBytes()).isEqualTo(2);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.totalBytes()).isZero();
    }

    @Test
    void concurrentUseKeepsTheBoundAndTheBookkeeping() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            files.add(write("f" + i, ("file " + i + " ").repeat(i + 1)));
        }
        FileCache cache = new FileCache(200, 500);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int n = 0; n < 2_000; n++) {
                        int i = ThreadLocalRandom.current().nextInt(files.size());
                        Path file = files.get(i);
                        ByteBuffer content = cache.getOrLoad(file, attrs(file)).orElseThrow();
                        assertThat(text(content)).isEqualTo(("file " + i + " ").repeat(i + 1));
                        assertThat(cache.totalBytes()).isLessThanOrEqualTo(500);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long present = 0;
        for (Path file : files) {
            present += cache.get(file, attrs(file)).map(ByteBuffer::remaining).orElse(0);
        }
        assertThat(cache.totalBytes()).isEqualTo(present).isLessThanOrEqualTo(500);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    private static BasicFileAttributes attrs(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
