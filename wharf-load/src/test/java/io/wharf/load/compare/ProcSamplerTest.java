package io.wharf.load.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The /proc sampler, pointed at this test JVM. */
class ProcSamplerTest {

    private final long self = ProcessHandle.current().pid();

    @Test
    void seesThisJvmsMemoryThreadsAndDescriptors() {
        ProcSample s = ProcSampler.sample(self);
        assertThat(s.rssBytes()).isGreaterThan(1L << 20);
        assertThat(s.threads()).isGreaterThanOrEqualTo(Thread.activeCount());
        assertThat(s.fds()).isGreaterThan(2);
    }

    @Test
    void countsDescriptorsThisJvmOpens(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        int before = ProcSampler.sample(self).fds();
        List<FileChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(FileChannel.open(file));
            }
            // other threads of the JVM may open or close a few meanwhile, never twenty
            assertThat(ProcSampler.sample(self).fds() - before).isBetween(15, 25);
        } finally {
            for (FileChannel c : open) {
                c.close();
            }
        }
    }

    @Test
    void countsThreadsThisJvmStarts() throws Exception {
        int before = ProcSampler.sample(self).threads();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // released
                }
            }));
        }
        try {
            // the JVM may start or retire a compiler thread meanwhile, not ten
            assertThat(ProcSampler.sample(self).threads() - before).isBetween(7, 13);
        } finally {
            release.countDown();
            for (Thread t : started) {
                t.join();
            }
        }
    }

    @Test
    void aProcessThatIsGoneGivesMinusOne() {
        assertThat(ProcSampler.sample(Long.MAX_VALUE)).isEqualTo(new ProcSample(-1, -1, -1));
    }

    @Test
    void parsesStatusFields() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t42\n";
        assertThat(ProcSampler.field(status, "VmRSS:")).isEqualTo(123456);
        assertThat(ProcSampler.field(status, "Threads:")).isEqualTo(42);
        assertThat(ProcSampler.field(status, "VmSwap:")).isEqualTo(-1);
    }
}
