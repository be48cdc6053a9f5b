package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls once for one second. Closed loop, the stall is one slow request among thousands and p99
 * does not see it. At a constant rate, the requests that should have gone out during the stall are measured from
 * when they should have gone out, so p99 shows it.
 */
class CoordinatedOmissionTest {

    private static final long STALL_MICROS = TimeUnit.SECONDS.toMicros(1);

    /** Raw echo of 16-byte messages that sleeps once, before answering the 50th message. */
    private static TestServer.Behaviour stallsOnce() {
        AtomicInteger messages = new AtomicInteger();
        return client -> {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] message = new byte[16];
            while (in.readNBytes(message, 0, message.length) == message.length) {
                if (messages.incrementAndGet() == 50) {
                    Thread.sleep(TimeUnit.MICROSECONDS.toMillis(STALL_MICROS));
                }
                out.write(message);
            }
        };
    }

    private static LoadReport run(double rate) throws IOException {
        try (TestServer server = new TestServer(stallsOnce())) {
            LoadSpec spec = LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", server.port()).withConnections(1)
                    .withWarmup(Duration.ZERO).withDuration(Duration.ofMillis(2_500)).withMessageSize(16)
                    .withRate(rate);
            return LoadGenerator.run(spec, LoadProgress.NONE);
        }
    }

    @Test
    void closedLoopHidesTheStallFromP99() throws IOException {
        LoadReport r = run(0);
        assertThat(r.totalFailures()).isZero();
        assertThat(r.latencyMicros().getMaxValue()).as("the stalled request itself").isGreaterThanOrEqualTo(STALL_MICROS);
        assertThat(r.latencyPercentileMicros(99)).isLessThan(STALL_MICROS / 2);
    }

    @Test
    void constantRateShowsTheStallInP99() throws IOException {
        LoadReport r = run(400);
        assertThat(r.totalFailures()).isZero();
        // ~400 of ~1,000 intended requests fell inside the stall, waiting from 1 s down to 0
        assertThat(r.latencyPercentileMicros(99)).isGreaterThanOrEqualTo(STALL_MICROS / 2);
        assertThat(r.latencyPercentileMicros(90)).isGreaterThanOrEqualTo(STALL_MICROS / 10);
    }
}
