package io.wharf.core.model.process;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spare's warm-up connection: a handler of the protocol's own serves the protocol's warm-up input through the
 * child's read loop and is closed, nothing of it reaches the child's stderr (the parent's log and byte counts),
 * and a handler that never lets go cannot keep the spare from getting ready.
 */
class WarmUpTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void aHandlerOfItsOwnServesTheProtocolsInputThenTheHalfCloseAndNothingReachesStderr() {
        List<String> events = new CopyOnWriteArrayList<>();
        ProtocolService service = service(events, "ping\npong\n", false);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        byte[] replies;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            replies = WarmUp.serving(service, LIMIT);
        } finally {
            System.setErr(before);
        }
        assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo("hello\nping\npong\n");
        assertThat(events).first().isEqualTo("open");
        assertThat(events).endsWith("input ended", "close").contains("data");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutInputTheOpenAndCloseRun() {
        List<String> events = new CopyOnWriteArrayList<>();
        byte[] replies = WarmUp.serving(service(events, "", false), LIMIT);
        assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        assertThat(events).containsExactly("open", "input ended", "close");
    }

    @Test
    void aHandlerThatNeverResumesReadingIsAbortedAtTheLimit() {
        List<String> events = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        WarmUp.serving(service(events, "ping\n", true), Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT);
        assertThat(events).containsExactly("open", "close");
    }

    /** Says hello on open and echoes; {@code stall}: pauses reading on open and never resumes. */
    private static ProtocolService service(List<String> events, String input, boolean stall) {
        HandlerFactory handlers = () -> new Handler() {
            @Override
            public void onOpen(Connection connection) {
                events.add("open");
                connection.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
                if (stall) {
                    connection.pauseReading();
                }
            }

            @Override
            public void onData(Connection connection, ByteBuffer data) {
                events.add("data");
                connection.write(data);
            }

            @Override
            public void onInputEnded(Connection connection) {
                events.add("input ended");
            }

            @Override
            public void onClose(Connection connection) {
                events.add("close");
            }
        };
        return new ProtocolService() {
            @Override
            public HandlerFactory handlers() {
                return handlers;
            }

            @Override
            public byte[] warmUpInput() {
                return input.getBytes(StandardCharsets.US_ASCII);
            }
        };
    }
}
