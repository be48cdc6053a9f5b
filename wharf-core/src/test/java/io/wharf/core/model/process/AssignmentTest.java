package io.wharf.core.model.process;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assignment line a waiting child reads on stdin: exact, and nothing of the client's bytes behind it taken. */
class AssignmentTest {

    @Test
    void roundTripsBothFormsAndIPv6() throws IOException {
        Assignment a = read(Assignment.line(42, "127.0.0.1:5000", "[::1]:7", true));
        assertThat(a).isEqualTo(new Assignment(42, new InetSocketAddress("127.0.0.1", 5000),
                new InetSocketAddress("::1", 7), true));
        assertThat(read(Assignment.line(1, "10.0.0.1:1", "10.0.0.2:2", false)).socket()).isFalse();
    }

    @Test
    void stopsAtTheNewlineWhateverTheSplitSoTheClientsBytesStayUnread() throws IOException {
        byte[] all = (Assignment.line(7, "127.0.0.1:1", "127.0.0.1:2", false) + "hello\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= all.length; split++) {
            InputStream in = new Chunked(all, split);
            assertThat(Assignment.read(in).id()).isEqualTo(7);
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        }
    }

    @Test
    void theEndOfStdinBeforeALineMeansRetired() throws IOException {
        assertThat(Assignment.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void anythingElseIsRefusedWithTheLine() {
        assertThatThrownBy(() -> read("wharf-conn 1 127.0.0.1:1 127.0.0.1:2 pigeon\n"))
                .hasMessageContaining("pigeon");
        assertThatThrownBy(() -> read("GET / HTTP/1.1\n")).hasMessageContaining("not an assignment line");
        assertThatThrownBy(() -> read("wharf-conn x 127.0.0.1:1 127.0.0.1:2 relay\n"))
                .hasMessageContaining("bad assignment line");
        assertThatThrownBy(() -> read("wharf-conn 1 127.0.0.1:1")).hasMessageContaining("ended inside");
        assertThatThrownBy(() -> read("x".repeat(600) + "\n")).hasMessageContaining("longer than 512");
    }

    private static Assignment read(String s) throws IOException {
        return Assignment.read(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Hands out its bytes in two reads, split at {@code split}, as a pipe may. */
    static final class Chunked extends InputStream {
        private final byte[] data;
        private final int split;
        private int pos;

        Chunked(byte[] data, int split) {
            this.data = data;
            this.split = split;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int end = pos < split ? split : data.length;
            int n = Math.min(len, end - pos);
            if (n == 0) {
                return 0;
            }
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
