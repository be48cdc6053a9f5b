package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KeyspaceLockTest {

    @Test
    void reentrantForItsHolder() {
        KeyspaceLock lock = new KeyspaceLock();
        lock.lock();
        lock.lock();
        assertThat(lock.getHoldCount()).isEqualTo(2);
        lock.unlock();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
    }

    /** Two threads adding under the lock lose no update: the spin takes the lock only when it is free. */
    @Test
    void excludesAnotherThread() throws Exception {
        KeyspaceLock lock = new KeyspaceLock();
        long[] counter = {0};
        int perThread = 200_000;
        Runnable add = () -> {
            for (int i = 0; i < perThread; i++) {
                lock.lock();
                try {
                    counter[0]++;
                } finally {
                    lock.unlock();
                }
            }
        };
        Thread a = new Thread(add);
        Thread b = new Thread(add);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(counter[0]).isEqualTo(2L * perThread);
    }

    /** A holder that keeps it longer than the spin is waited for parked, and the waiter gets it once released. */
    @Test
    void waitsParkedForALongHolder() throws Exception {
        KeyspaceLock lock = new KeyspaceLock();
        lock.lock();
        AtomicBoolean got = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            lock.lock();
            got.set(true);
            lock.unlock();
        });
        waiter.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> lock.hasQueuedThread(waiter));
        assertThat(got).isFalse();
        lock.unlock();
        waiter.join(10_000);
        assertThat(got).isTrue();
    }
}
