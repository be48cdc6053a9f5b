package io.wharf.http.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Small hot files kept in memory, least recently used evicted first, bounded by entry size and by total
 * bytes. An entry is valid only while the file's size and mtime are those it was read with: every lookup
 * passes the attributes the caller has just read (it needs them anyway for the headers), and a mismatch
 * drops the entry. A rewrite that keeps size and mtime goes unseen, as with the ETag.
 *
 * <p>Threading: thread-safe. One {@link ReentrantLock} (not {@code synchronized}, for virtual threads)
 * guards the access-ordered map and is held only for map operations, never for I/O. Lookups return a new
 * read-only buffer each time, so callers may consume it freely.
 */
public final class FileCache {

    public static final long DEFAULT_MAX_ENTRY_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 16 * 1024 * 1024;

    private record Entry(long size, FileTime lastModified, byte[] content) {
        boolean matches(BasicFileAttributes attributes) {
            return size == attributes.size() && lastModified.equals(attributes.lastModifiedTime());
        }
    }

    private final long maxEntryBytes;
    private final long maxTotalBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long totalBytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public FileCache(long maxEntryBytes, long maxTotalBytes) {
        if (maxEntryBytes < 0 || maxTotalBytes < 0) {
            throw new IllegalArgumentException("cache limits must not be negative");
        }
        this.maxEntryBytes = Math.min(maxEntryBytes, maxTotalBytes);
        this.maxTotalBytes = maxTotalBytes;
    }

    public FileCache() {
        this(DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_TOTAL_BYTES);
    }

    /** True when a file of this size may be cached. */
    public boolean cacheable(BasicFileAttributes attributes) {
        return attributes.isRegularFile() && attributes.size() <= maxEntryBytes;
    }

    /** The cached content when present and still current; a stale entry is dropped. */
    public Optional<ByteBuffer> get(Path file, BasicFileAttributes attributes) {
        lock.lock();
        try {
            Entry entry = entries.get(file);
            if (entry != null && entry.matches(attributes)) {
                hits.increment();
                return Optional.of(ByteBuffer.wrap(entry.content()).asReadOnlyBuffer());
            }
            if (entry != null) {
                remove(file);
            }
        } finally {
            lock.unlock();
        }
        misses.increment();
        return Optional.empty();
    }

    /**
     * The content from the cache, or read now and cached, when the file is {@link #cacheable}. Empty when it
     * is too big, or when it changed while being read (then the caller's attributes are stale too).
     * Blocking on a miss: call off any event loop.
     */
    public Optional<ByteBuffer> getOrLoad(Path file, BasicFileAttributes attributes) throws IOException {
        if (!cacheable(attributes)) {
            return Optional.empty();
        }
        Optional<ByteBuffer> cached = get(file, attributes);
        if (cached.isPresent()) {
            return cached;
        }
        return load(file, attributes);
    }

    /**
     * Reads {@code file} and caches it, without looking it up first: the miss half of {@link #getOrLoad}, for a
     * caller that called {@link #get} on an event loop and reads off it. Empty when the file is not
     * {@link #cacheable}, or changed while being read. Blocking.
     */
    public Optional<ByteBuffer> load(Path file, BasicFileAttributes attributes) throws IOException {
        if (!cacheable(attributes)) {
            return Optional.empty();
        }
        byte[] content = Files.readAllBytes(file);
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        if (content.length != attributes.size() || after.size() != attributes.size()
                || !after.lastModifiedTime().equals(attributes.lastModifiedTime())) {
            return Optional.empty();
        }
        put(file, attributes, content);
        return Optional.of(ByteBuffer.wrap(content).asReadOnlyBuffer());
    }

    /** Caches {@code content}, read from {@code file} when it had these attributes; ignored if too big. */
    public void put(Path file, BasicFileAttributes attributes, byte[] content) {
        if (content.length != attributes.size() || content.length > maxEntryBytes) {
            return;
        }
        Entry entry = new Entry(attributes.size(), attributes.lastModifiedTime(), content);
        lock.lock();
        try {
            remove(file);
            entries.put(file, entry);
            totalBytes += content.length;
            Iterator<Map.Entry<Path, Entry>> eldest = entries.entrySet().iterator();
            while (totalBytes > maxTotalBytes && eldest.hasNext()) {
                totalBytes -= eldest.next().getValue().content().length;
                eldest.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    public void invalidate(Path file) {
        lock.lock();
        try {
            remove(file);
        } finally {
            lock.unlock();
        }
    }

    public void clear() {
        lock.lock();
        try {
            entries.clear();
            totalBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    public long totalBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Caller holds the lock. */
    private void remove(Path file) {
        Entry old = entries.remove(file);
        if (old != null) {
            totalBytes -= old.content().length;
        }
    }
}
