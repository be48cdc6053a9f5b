package io.wharf.core.model.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventLoopTest {

    private final EventLoop loop = new EventLoop("test-loop");

    EventLoopTest() throws IOException {
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5_000);
    }

    @Test
    void runsTasksFromOtherThreadsOnTheLoopInOrder() throws InterruptedException {
        loop.start();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);

        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> seen.add(n));
        }
        loop.execute(() -> {
            ranOn.set(Thread.currentThread());
            done.countDown();
        });

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(1000).isSorted();
        assertThat(ranOn.get().getName()).isEqualTo("test-loop");
    }

    @Test
    void wakesABlockedLoopForATask() throws InterruptedException {
        loop.start();
        await().atMost(5, TimeUnit.SECONDS).until(this::blockedInSelect);
        CountDownLatch ran = new CountDownLatch(1);

        loop.execute(ran::countDown);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsTimersInDeadlineOrder() throws InterruptedException {
        loop.start();
        List<String> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);

        loop.execute(() -> {
            loop.schedule(60, () -> {
                fired.add("later");
                done.countDown();
            });
            loop.schedule(20, () -> {
                fired.add("sooner");
                done.countDown();
            });
        });

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fired).containsExactly("sooner", "later");
    }

    @Test
    void runsWhatWasQueuedBeforeStopping() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        loop.shutdown();

        loop.start();

        assertThat(loop.awaitTermination(5_000)).isTrue();
        assertThat(ran.getCount()).isZero();
        assertThat(loop.selector().isOpen()).isFalse();
    }

    /** The loop has not finished an iteration and sits in its first, untimed select. */
    private boolean blockedInSelect() {
        return loop.iterations() == 0 && Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("test-loop"))
                .flatMap(e -> java.util.Arrays.stream(e.getValue()))
                .anyMatch(f -> f.getMethodName().equals("doSelect"));
    }
}
