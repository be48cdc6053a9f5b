package io.wharf.ws.codec;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF), fed a message's
 * bytes in any number of pieces, so a text message split across frames, or a frame split across reads, is
 * checked as it arrives and refused at its first bad byte (WebSocket close code 1007). Bjoern Hoehrmann's DFA.
 *
 * <p>Threading: not thread-safe; one per connection.
 */
public final class Utf8Validator {

    public static final int ACCEPT = 0;
    private static final int REJECT = 12;

    private static final byte[] TYPES = new byte[256];
    private static final byte[] STATES = {
            0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
            12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
            12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
            12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
            12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};

    static {
        for (int i = 0x80; i <= 0x8F; i++) {
            TYPES[i] = 1;
        }
        for (int i = 0x90; i <= 0x9F; i++) {
            TYPES[i] = 9;
        }
        for (int i = 0xA0; i <= 0xBF; i++) {
            TYPES[i] = 7;
        }
        TYPES[0xC0] = 8;
        TYPES[0xC1] = 8;
        for (int i = 0xC2; i <= 0xDF; i++) {
            TYPES[i] = 2;
        }
        TYPES[0xE0] = 10;
        for (int i = 0xE1; i <= 0xEF; i++) {
            TYPES[i] = 3;
        }
        TYPES[0xED] = 4;
        TYPES[0xF0] = 11;
        TYPES[0xF1] = 6;
        TYPES[0xF2] = 6;
        TYPES[0xF3] = 6;
        TYPES[0xF4] = 5;
        for (int i = 0xF5; i <= 0xFF; i++) {
            TYPES[i] = 8;
        }
    }

    private int state = ACCEPT;

    /** Checks the remaining bytes of {@code data} without consuming them; false once any byte so far is invalid. */
    public boolean feed(ByteBuffer data) {
        int s = state;
        for (int i = data.position(), end = data.limit(); i < end && s != REJECT; i++) {
            s = STATES[s + TYPES[data.get(i) & 0xFF]];
        }
        state = s;
        return s != REJECT;
    }

    public boolean feed(byte[] data, int offset, int length) {
        return feed(ByteBuffer.wrap(data, offset, length));
    }

    /** True when everything fed so far is valid and ends on a character boundary: a message may end here. */
    public boolean complete() {
        return state == ACCEPT;
    }

    public void reset() {
        state = ACCEPT;
    }
}
