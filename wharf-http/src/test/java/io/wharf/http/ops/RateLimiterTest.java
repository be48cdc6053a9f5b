package io.wharf.http.ops;

import io.wharf.http.ops.RateLimiter.Decision;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time is injected: every test runs on a clock it moves by hand. */
class RateLimiterTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 123_456_789_000L;

    private static InetAddress ip(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int allowedAt(RateLimiter l, InetAddress ip, long now, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (l.tryAcquire(ip, now).allowed()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void burstIsTwiceTheRateByDefaultThenRetryAfter() {
        RateLimiter l = new RateLimiter(5);
        assertThat(l.burst()).isEqualTo(10);
        assertThat(allowedAt(l, ip(1), T0, 10)).isEqualTo(10);
        Decision d = l.tryAcquire(ip(1), T0);
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtTheRate() {
        RateLimiter l = new RateLimiter(5);
        assertThat(allowedAt(l, ip(1), T0, 20)).isEqualTo(10);
        // 5/s: one token every 200 ms.
        assertThat(l.tryAcquire(ip(1), T0 + 199_000_000).allowed()).isFalse();
        assertThat(l.tryAcquire(ip(1), T0 + 200_000_000).allowed()).isTrue();
        assertThat(l.tryAcquire(ip(1), T0 + 200_000_000).allowed()).isFalse();
        // A full second refills 5, never more than the burst.
        assertThat(allowedAt(l, ip(1), T0 + 1_200_000_000, 20)).isEqualTo(5);
        assertThat(allowedAt(l, ip(1), T0 + 100 * S, 50)).isEqualTo(10);
    }

    @Test
    void retryAfterIsTheWaitRoundedUpToSeconds() {
        RateLimiter l = new RateLimiter(1, 1, 100);
        assertThat(l.tryAcquire(ip(1), T0).allowed()).isTrue();
        assertThat(l.tryAcquire(ip(1), T0).retryAfterSeconds()).isEqualTo(1);
        assertThat(l.tryAcquire(ip(1), T0 + S / 2).retryAfterSeconds()).isEqualTo(1);
        assertThat(l.tryAcquire(ip(1), T0 + S).allowed()).isTrue();

        RateLimiter slow = new RateLimiter(1, 3, 100);
        assertThat(allowedAt(slow, ip(2), T0, 3)).isEqualTo(3);
        assertThat(slow.tryAcquire(ip(2), T0 + 1).retryAfterSeconds()).isEqualTo(1);
        // Denied requests take no token: the wait does not grow with retries.
        assertThat(slow.tryAcquire(ip(2), T0 + 1).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        RateLimiter l = new RateLimiter(1);
        assertThat(allowedAt(l, ip(1), T0, 5)).isEqualTo(2);
        assertThat(allowedAt(l, ip(2), T0, 5)).isEqualTo(2);
    }

    @Test
    void zeroIsOffAndTheRateCanChangeLive() {
        RateLimiter l = new RateLimiter(0);
        assertThat(l.enabled()).isFalse();
        assertThat(allowedAt(l, ip(1), T0, 1000)).isEqualTo(1000);
        assertThat(l.clients()).isZero();

        l.rate(2);
        assertThat(l.enabled()).isTrue();
        assertThat(l.burst()).isEqualTo(4);
        assertThat(allowedAt(l, ip(1), T0, 10)).isEqualTo(4);
        l.rate(0);
        assertThat(allowedAt(l, ip(1), T0, 10)).isEqualTo(10);
        l.configure(100, 1);
        assertThat(allowedAt(l, ip(1), T0, 10)).isEqualTo(1);
        assertThat(l.tryAcquire(ip(1), T0 + S / 100).allowed()).isTrue();
        assertThatThrownBy(() -> l.rate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idleBucketsAreEvictedAtTheCap() {
        RateLimiter l = new RateLimiter(10, 0, 100);
        for (int i = 0; i < 100; i++) {
            l.tryAcquire(ip(i), T0);
        }
        assertThat(l.clients()).isEqualTo(100);
        // Two seconds on, every bucket is full again: a new client sweeps them all away.
        assertThat(l.tryAcquire(ip(1000), T0 + 2 * S).allowed()).isTrue();
        assertThat(l.clients()).isEqualTo(1);
    }

    @Test
    void memoryStaysBoundedUnderAFloodFromManyAddresses() {
        RateLimiter l = new RateLimiter(1, 0, 1000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(l.tryAcquire(ip(i), T0 + i).allowed()).isTrue();
            assertThat(l.clients()).isLessThanOrEqualTo(1000);
        }
        // A busy client that survived eviction is still limited.
        InetAddress last = ip(49_999);
        assertThat(l.tryAcquire(last, T0 + 50_000).allowed()).isTrue();
        assertThat(l.tryAcquire(last, T0 + 50_000).allowed()).isFalse();
    }

    @Test
    void concurrentRequestsNeverExceedTheBurst() throws Exception {
        RateLimiter l = new RateLimiter(50);
        InetAddress ip = ip(7);
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    allowed.addAndGet(allowedAt(l, ip, T0, 500));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(100);
    }
}
