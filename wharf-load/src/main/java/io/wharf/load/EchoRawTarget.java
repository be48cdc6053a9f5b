package io.wharf.load;

import java.nio.ByteBuffer;

/**
 * Raw echo: each request is {@code size} bytes; the reply must be exactly those bytes. Each message carries a
 * fresh sequence number in its first bytes, so a stale or misrouted reply does not compare equal.
 */
public final class EchoRawTarget implements LoadTarget {

    private final int size;

    public EchoRawTarget(int size) {
        this.size = size;
    }

    @Override
    public Exchange newExchange(int connection) {
        return new Echo(connection, size);
    }

    /** Threading: one load thread. Compares reply bytes as they come, against the message still held. */
    private static final class Echo implements Exchange {
        private final ByteBuffer out;
        private final int size;
        private long sequence;
        private int matched;

        Echo(int id, int size) {
            this.size = size;
            this.out = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                out.put(i, (byte) (id * 7 + i));
            }
        }

        @Override
        public ByteBuffer nextRequest() {
            sequence++;
            int stamp = Math.min(Long.BYTES, size);
            for (int i = 0; i < stamp; i++) {
                out.put(i, (byte) (sequence >>> (8 * i)));
            }
            matched = 0;
            return out.clear();
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            while (in.hasRemaining() && matched < size) {
                if (in.get() != out.get(matched)) {
                    return Reply.WRONG_REPLY;
                }
                matched++;
            }
            return matched == size ? Reply.COMPLETE : Reply.INCOMPLETE;
        }
    }
}
