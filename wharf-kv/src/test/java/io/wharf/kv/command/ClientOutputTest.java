package io.wharf.kv.command;

import io.wharf.kv.OutputLimits;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output from other threads waits for the handler's batch and then follows its replies; the output limit drops
 * a client past the hard limit at once, and past the soft limit once it has stayed there its seconds.
 */
class ClientOutputTest {

    /** A connection that sends nothing until told to, recording what it was given. */
    private static final class FakeSink implements ClientOutput.Sink {
        final List<String> written = new ArrayList<>();
        long sent;
        String dropped;

        @Override
        public void write(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            written.add(new String(b));
        }

        @Override
        public long bytesOut() {
            return sent;
        }

        @Override
        public void drop(String why) {
            dropped = why;
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes());
    }

    private static final OutputLimits.Limit NONE = new OutputLimits.Limit(0, 0, 0);

    @Test
    void pushesDuringABatchFollowTheRepliesOfThatBatch() {
        ClientOutput out = new ClientOutput();
        FakeSink sink = new FakeSink();
        out.sink(sink);
        out.begin();
        out.push(bytes("message"), NONE);
        assertThat(sink.written).isEmpty();
        out.flush(bytes("+subscribed"), NONE);
        out.push(bytes("second"), NONE);
        out.end(NONE);
        out.push(bytes("third"), NONE);
        assertThat(sink.written).containsExactly("+subscribed", "message", "second", "third");
    }

    @Test
    void theHardLimitDropsAtOnce() {
        ClientOutput out = new ClientOutput();
        FakeSink sink = new FakeSink();
        out.sink(sink);
        OutputLimits.Limit hard = new OutputLimits.Limit(10, 0, 0);
        out.push(bytes("12345"), hard);
        assertThat(sink.dropped).isNull();
        sink.sent = 5; // the client read it
        out.push(bytes("123456789"), hard);
        assertThat(sink.dropped).isNull();
        out.push(bytes("1"), hard);
        assertThat(sink.dropped).contains("10 bytes queued", "hard limit 10");
        out.push(bytes("after"), hard);
        assertThat(sink.written).as("nothing more is sent to a dropped client").hasSize(3);
    }

    @Test
    void theSoftLimitDropsOnlyAfterItsSeconds() {
        ClientOutput out = new ClientOutput();
        FakeSink sink = new FakeSink();
        out.sink(sink);
        OutputLimits.Limit soft = new OutputLimits.Limit(0, 4, 3600);
        out.push(bytes("12345"), soft);
        out.push(bytes("12345"), soft);
        assertThat(sink.dropped).as("over the soft limit, but not for an hour").isNull();
        sink.sent = 10;
        out.push(bytes("1"), soft);
        out.push(bytes("12345"), soft);
        assertThat(sink.dropped).as("back under it, the clock started again").isNull();
        OutputLimits.Limit now = new OutputLimits.Limit(0, 4, 0);
        out.push(bytes("12345"), now);
        assertThat(sink.dropped).contains("soft limit 4 for 0s");
    }
}
