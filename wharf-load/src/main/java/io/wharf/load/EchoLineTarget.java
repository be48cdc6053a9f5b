package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * Line echo: each request is one line of {@code size} printable bytes ending in LF, starting with a fresh
 * sequence number in hex. The reply is one line that must end with exactly that line; a short prefix is allowed
 * before it (wharf's echo answers {@code "Echo #N: <line>"}). Lines that arrive on a connection before its first
 * correct reply, are shorter than a request and do not match are a greeting (wharf's banner) and are skipped;
 * any other line that does not match is a wrong reply.
 */
public final class EchoLineTarget implements LoadTarget {

    /** The longest prefix a server may put before the echoed line. */
    static final int MAX_PREFIX = 64;

    private final int size;

    public EchoLineTarget(int size) {
        this.size = size;
    }

    @Override
    public Exchange newExchange(int connection) {
        return new LineEcho(connection, size);
    }

    /** Threading: one load thread. Holds at most one reply line, in a buffer sized once. */
    private static final class LineEcho implements Exchange {
        private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private final ByteBuffer out;
        private final byte[] line;
        private final int size;
        private long sequence;
        private int length;
        private boolean overflow;
        /** The length of the last line judged wrong, for {@link #describeReply}. */
        private int wrongLength;
        private boolean greetingAllowed = true;

        LineEcho(int id, int size) {
            this.size = size;
            this.out = ByteBuffer.allocateDirect(size);
            this.line = new byte[size + MAX_PREFIX];
            for (int i = 0; i < size - 1; i++) {
                out.put(i, (byte) ('a' + (id + i) % 26));
            }
            out.put(size - 1, (byte) '\n');
        }

        @Override
        public String describeReply() {
            return "got " + FailureExample.quote(line, 0, Math.min(wrongLength, line.length)) + ", sent "
                    + FailureExample.quote(sent(), 0, size);
        }

        private byte[] sent() {
            byte[] b = new byte[size];
            out.get(0, b);
            return b;
        }

        @Override
        public void onConnected() {
            greetingAllowed = true;
            length = 0;
            overflow = false;
        }

        @Override
        public ByteBuffer nextRequest() {
            sequence++;
            int digits = Math.min(16, size - 1);
            for (int i = 0; i < digits; i++) {
                out.put(i, HEX[(int) (sequence >>> (4 * (digits - 1 - i))) & 0xf]);
            }
            length = 0;
            overflow = false;
            return out.clear();
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (length < line.length) {
                    line[length++] = b;
                } else {
                    overflow = true;
                }
                if (b != '\n') {
                    continue;
                }
                boolean echoed = !overflow && matches();
                boolean overflowed = overflow;
                int ended = length;
                length = 0;
                overflow = false;
                if (echoed) {
                    greetingAllowed = false;
                    return Reply.COMPLETE;
                }
                if (!greetingAllowed || overflowed || ended >= size) {
                    wrongLength = ended;
                    return Reply.WRONG_REPLY;
                }
            }
            return Reply.INCOMPLETE;
        }

        private boolean matches() {
            if (length < size) {
                return false;
            }
            int offset = length - size;
            for (int i = 0; i < size; i++) {
                if (line[offset + i] != out.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
