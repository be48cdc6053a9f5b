package io.wharf.chat.line;

import java.nio.ByteBuffer;

/**
 * Removes telnet commands from a byte stream, incrementally: a telnet client opens by negotiating options
 * ({@code IAC DO ...}, {@code IAC WILL ...}, subnegotiations {@code IAC SB ... IAC SE}), which are not text.
 * None is answered: a client asking is refused by silence, which telnet takes as "no". {@code IAC IAC} (a
 * literal 255) is dropped too, since it can never be part of UTF-8 text.
 *
 * <p>Threading: not thread-safe; one per connection, fed from its handler thread.
 */
final class TelnetFilter {

    private static final int IAC = 255;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int WILL = 251;
    private static final int DONT = 254;

    private enum State { DATA, COMMAND, OPTION, SUBNEGOTIATION, SUBNEGOTIATION_IAC }

    private State state = State.DATA;
    private ByteBuffer out = ByteBuffer.allocate(0);

    /**
     * The text bytes of {@code in}, which is consumed: {@code in} itself when it holds no telnet command,
     * otherwise a buffer of the filter's own, valid until the next call.
     */
    ByteBuffer filter(ByteBuffer in) {
        if (state == State.DATA && !containsIac(in)) {
            return in;
        }
        if (out.capacity() < in.remaining()) {
            out = ByteBuffer.allocate(Math.max(in.remaining(), 2 * out.capacity()));
        }
        out.clear();
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            state = switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        yield State.COMMAND;
                    }
                    out.put((byte) b);
                    yield State.DATA;
                }
                case COMMAND -> b == SB ? State.SUBNEGOTIATION : b >= WILL && b <= DONT ? State.OPTION : State.DATA;
                case OPTION -> State.DATA;
                case SUBNEGOTIATION -> b == IAC ? State.SUBNEGOTIATION_IAC : State.SUBNEGOTIATION;
                case SUBNEGOTIATION_IAC -> b == SE ? State.DATA : State.SUBNEGOTIATION;
            };
        }
        return out.flip();
    }

    private static boolean containsIac(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == (byte) IAC) {
                return true;
            }
        }
        return false;
    }
}
