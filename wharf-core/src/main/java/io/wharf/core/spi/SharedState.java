package io.wharf.core.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * State that several listeners of one process share: the chat's rooms, served to telnet users by one listener
 * and to browsers by another. Services {@link #acquire} it by a key that names what it is (the chat's database
 * file); the first creates it, the others get the same instance, and the last {@link Lease#close} releases it.
 * Knows nothing of protocols: a key and an object.
 *
 * <p>Threading: safe from any thread; {@code create} and {@code release} run under the registry's lock, so
 * they must be quick (open a file, start a thread) and must not acquire other shared state.
 */
public final class SharedState {

    private static final Map<String, Entry> ENTRIES = new HashMap<>();

    private SharedState() {
    }

    /** A hold on one shared object; closing it more than once is harmless. */
    public static final class Lease<T> implements AutoCloseable {

        private final String key;
        private final T value;
        private boolean closed;

        private Lease(String key, T value) {
            this.key = key;
            this.value = value;
        }

        public T value() {
            return value;
        }

        /** Gives the hold back; the last one releases the object. */
        @Override
        public void close() {
            synchronized (ENTRIES) {
                if (closed) {
                    return;
                }
                closed = true;
                Entry e = ENTRIES.get(key);
                if (e != null && --e.holders == 0) {
                    ENTRIES.remove(key);
                    e.release.run();
                }
            }
        }
    }

    private static final class Entry {
        final Object value;
        final Runnable release;
        int holders;

        Entry(Object value, Runnable release) {
            this.value = value;
            this.release = release;
        }
    }

    /**
     * The object shared under {@code key}, created by {@code create} if no lease holds it now; {@code release}
     * runs when the last lease is closed.
     *
     * @throws ClassCastException if {@code key} holds an object of another type
     */
    public static <T> Lease<T> acquire(String key, Class<T> type, Supplier<? extends T> create, Consumer<? super T> release) {
        Objects.requireNonNull(key, "key");
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(key);
            if (e == null) {
                T value = Objects.requireNonNull(create.get(), "created value");
                e = new Entry(value, () -> release.accept(value));
                ENTRIES.put(key, e);
            }
            T value = type.cast(e.value);
            e.holders++;
            return new Lease<>(key, value);
        }
    }
}
