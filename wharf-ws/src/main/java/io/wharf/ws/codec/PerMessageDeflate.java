package io.wharf.ws.codec;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) for one connection: raw DEFLATE (no zlib header) through the JDK's
 * {@link Deflater}/{@link Inflater}, the 4-byte {@code 00 00 FF FF} tail taken off each compressed message and
 * put back before inflating. Without context takeover the dictionary is reset per message.
 *
 * <p>Threading: {@link #inflate} belongs to the handler thread; {@link #deflate} is synchronized, since a
 * server sends from any thread (a broadcast, a ping timer), and the caller writes the frame under the same
 * lock ({@link #lock}) so messages leave in the order their compression assumes.
 */
public final class PerMessageDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final boolean resetInflater;
    private final boolean resetDeflater;
    private final byte[] chunk = new byte[8 * 1024];

    /**
     * @param peerNoContextTakeover the peer resets its compressor per message (ours may reset too)
     * @param ownNoContextTakeover  we reset ours per message
     */
    public PerMessageDeflate(boolean peerNoContextTakeover, boolean ownNoContextTakeover) {
        this.resetInflater = peerNoContextTakeover;
        this.resetDeflater = ownNoContextTakeover;
    }

    public Object lock() {
        return this;
    }

    /** Inflates one whole compressed message; more than {@code max} bytes is a 1009. */
    ByteBuffer inflate(ByteBuffer compressed, long max) throws ProtocolException {
        out = new byte[(int) Math.max(64, Math.min(compressed.remaining() * 4L, Math.min(max, 1 << 20)))];
        size = 0;
        try {
            inflater.setInput(compressed);
            inflateAll(max);
            inflater.setInput(TAIL);
            inflateAll(max);
        } catch (DataFormatException e) {
            inflater.reset();
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "bad compressed data: " + e.getMessage());
        }
        if (resetInflater) {
            inflater.reset();
        }
        ByteBuffer result = ByteBuffer.wrap(out, 0, size);
        out = null;
        return result;
    }

    /** The message being inflated, and its size so far. */
    private byte[] out;
    private int size;

    private void inflateAll(long max) throws DataFormatException, ProtocolException {
        for (;;) {
            if (size == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            int k = inflater.inflate(out, size, out.length - size);
            size += k;
            if (size > max) {
                throw new ProtocolException(CloseCodes.TOO_BIG, "message over " + max + " bytes once inflated");
            }
            if (k == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                return;
            }
        }
    }

    /** Compresses one whole message, without the tail RFC 7692 section 7.2.1 says to remove. */
    public synchronized ByteBuffer deflate(ByteBuffer message) {
        deflater.setInput(message);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(64, message.remaining() / 2));
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        byte[] b = out.toByteArray();
        int len = b.length;
        if (len >= 4 && b[len - 4] == 0 && b[len - 3] == 0 && b[len - 2] == (byte) 0xFF && b[len - 1] == (byte) 0xFF) {
            len -= 4;
        }
        if (resetDeflater) {
            deflater.reset();
        }
        if (len == 0) {
            return ByteBuffer.wrap(new byte[]{0}); // an empty message: one empty block (RFC 7692 section 7.2.3.6)
        }
        return ByteBuffer.wrap(b, 0, len);
    }

    /** Frees the native zlib state; the connection is closed. */
    public synchronized void end() {
        inflater.end();
        deflater.end();
    }
}
