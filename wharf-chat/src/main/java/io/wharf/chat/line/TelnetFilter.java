package io.wharf.chat.line;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The telnet layer of a chat connection, as an explicit incremental state machine: text bytes go to
 * {@link Listener#data}, telnet commands are taken out and acted on, however the input is cut.
 *
 * <p>{@code IAC} (255) starts a command only as the first byte of a complete sequence: {@code IAC IAC} (a data
 * byte 255), {@code IAC} and one of the two-byte commands (RFC 854's 240-249, and 236-239 that telnet sends
 * for EOF, SUSP, ABORT and EOR), {@code IAC WILL|WONT|DO|DONT option}, or {@code IAC SB ... IAC SE}. An
 * {@code IAC} followed by any other byte is data, both bytes (and so U+FFFD once decoded as UTF-8, which never
 * contains 255). A peer that sends a lone 255 as text must escape it, as telnet does; an unescaped
 * {@code 255 254 x} is a complete {@code IAC DONT x}, which is a no-op here but takes the three bytes.
 *
 * <p>Options, without negotiation loops (RFC 1143: a {@code WONT} or {@code DONT} for an option that is off,
 * and a {@code WILL} that acknowledges our own {@code DO}, are not answered): {@code DO TIMING-MARK} is answered {@code WILL TIMING-MARK} (RFC 860, a one-shot that leaves the
 * option off), any other {@code DO} with {@code WONT}, any {@code WILL} but BINARY's with {@code DONT};
 * {@code WONT} and {@code DONT} are acknowledged by doing nothing, since nothing else is ever on. Once the peer
 * has shown that it speaks telnet (its first command), we ask it once for {@code DO BINARY} (RFC 856): until
 * then a telnet client strips the eighth bit of what it sends to look for its special characters, and so turns
 * the 0x9C of {@code 本} into {@code IAC BRK}. A plain {@code nc} user sends no commands and so never sees a
 * telnet byte.
 *
 * <p>Until BINARY is on, a special-character command that arrives in the middle of a UTF-8 character is that
 * character's stripped byte, restored: with the terminal's default special characters, {@code IAC IP} is
 * 0x83 (^C), {@code IAC BRK} or {@code IAC ABORT} 0x9C (^\), {@code IAC SUSP} 0x9A (^Z), {@code IAC AO} 0x8F
 * (^O), {@code IAC EOF} 0x84 (^D). Nobody types Ctrl-C halfway through a character, so this is unambiguous.
 * Elsewhere an interrupt ({@code IAC IP}, {@code BRK}, {@code ABORT}) or an erase-line ({@code IAC EL})
 * {@link Listener#interrupt}s, {@code IAC AYT} asks {@link Listener#areYouThere}, and the rest (NOP, DM, GA,
 * EOR, AO, EC, SUSP, EOF) are ignored. Subnegotiations are skipped (none is ever agreed to). Inside one,
 * {@code IAC} followed by anything but {@code SE} or {@code IAC} ends it and is read as a command; one longer
 * than {@link #MAX_SUBNEGOTIATION} bytes is not a subnegotiation but data, all of it, so a stray
 * {@code 255 250} cannot swallow the rest of the session.
 *
 * <p>Threading: not thread-safe; one per connection, fed from its handler thread, which the listener is
 * called on.
 */
final class TelnetFilter {

    /** What the filter hands on, always in input order: data before a command is delivered before it acts. */
    interface Listener {

        /** Text bytes; the buffer is valid during the call only and is consumed by it. */
        void data(ByteBuffer text);

        /** Telnet bytes to send back to the peer, in order: the answers to a run of commands, together. */
        void reply(byte[] bytes);

        /** The user interrupted (Ctrl-C): forget the line being typed. */
        void interrupt();

        /** The user asked whether the server is still there. */
        void areYouThere();
    }

    static final int IAC = 255;
    static final int DONT = 254;
    static final int DO = 253;
    static final int WONT = 252;
    static final int WILL = 251;
    static final int SB = 250;
    static final int EL = 248;
    static final int AYT = 246;
    static final int AO = 245;
    static final int IP = 244;
    static final int BRK = 243;
    static final int SE = 240;
    static final int ABORT = 238;
    static final int SUSP = 237;
    static final int EOF = 236;
    /** The lowest command byte after {@code IAC}; below it, {@code IAC} is data. */
    private static final int FIRST_COMMAND = EOF;
    /** Longer than any real one (terminal type, window size, environment). */
    static final int MAX_SUBNEGOTIATION = 512;
    static final int BINARY = 0;
    static final int TIMING_MARK = 6;

    private enum State {
        /** Text. */
        DATA,
        /** After {@code IAC}. */
        COMMAND,
        /** After {@code IAC WILL|WONT|DO|DONT}: the option byte comes next. */
        OPTION,
        /** Inside {@code IAC SB ... IAC SE}. */
        SUBNEGOTIATION,
        /** Inside a subnegotiation, after {@code IAC}. */
        SUBNEGOTIATION_IAC
    }

    /** The peer's side of BINARY, the one option we want on (RFC 1143's NO, WANTYES, YES). */
    private enum Binary { NO, WANT_YES, YES }

    private final Listener listener;
    private State state = State.DATA;
    /** The verb of the option being read, in {@link State#OPTION}. */
    private int verb;
    private Binary binary = Binary.NO;
    private boolean askedBinary;
    /** Continuation bytes still expected by the UTF-8 character the data stream is in; 0 between characters. */
    private int continuation;
    private ByteBuffer out = ByteBuffer.allocate(0);
    /** Answers not yet handed to {@link Listener#reply}: the run of commands being read may hold more. */
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    /** The subnegotiation being skipped, from its {@code IAC SB}, in case it turns out to be data. */
    private final byte[] subnegotiation = new byte[MAX_SUBNEGOTIATION];
    private int subnegotiationLength;

    TelnetFilter(Listener listener) {
        this.listener = listener;
    }

    /** Consumes {@code in}, calling the listener for what it holds. */
    void feed(ByteBuffer in) {
        if (state == State.DATA && plain(in)) {
            listener.data(in);
            return;
        }
        // at most one byte more than the input, or a whole overlong subnegotiation given back as data
        int most = in.remaining() + 1 + MAX_SUBNEGOTIATION;
        if (out.capacity() < most) {
            out = ByteBuffer.allocate(Math.max(most, 2 * out.capacity()));
        }
        out.clear();
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            state = switch (state) {
                case DATA -> {
                    if (b == IAC) {
                        yield State.COMMAND;
                    }
                    data(b);
                    yield State.DATA;
                }
                case COMMAND -> command(b);
                case OPTION -> {
                    negotiate(verb, b);
                    yield State.DATA;
                }
                case SUBNEGOTIATION -> skip(b, b == IAC ? State.SUBNEGOTIATION_IAC : State.SUBNEGOTIATION);
                case SUBNEGOTIATION_IAC -> b == SE ? State.DATA : b == IAC ? skip(b, State.SUBNEGOTIATION) : command(b);
            };
        }
        flush();
        sendReplies();
    }

    /** True when {@code in} has no {@code IAC}; tracks the UTF-8 state of the data as it goes. */
    private boolean plain(ByteBuffer in) {
        int c = continuation;
        for (int i = in.position(); i < in.limit(); i++) {
            int b = in.get(i) & 0xFF;
            if (b == IAC) {
                return false;
            }
            c = next(c, b);
        }
        continuation = c;
        return true;
    }

    /** The byte after {@code IAC}. */
    private State command(int b) {
        if (b == IAC) {
            data(IAC);
            return State.DATA;
        }
        if (b < FIRST_COMMAND) {
            data(IAC);
            data(b);
            return State.DATA;
        }
        telnetPeer();
        if (b == SB) {
            subnegotiation[0] = (byte) IAC;
            subnegotiation[1] = (byte) SB;
            subnegotiationLength = 2;
            return State.SUBNEGOTIATION;
        }
        if (b >= WILL) {
            verb = b;
            return State.OPTION;
        }
        int stripped = continuation > 0 && binary != Binary.YES ? strippedCharacter(b) : -1;
        if (stripped >= 0) {
            data(0x80 | stripped);
            return State.DATA;
        }
        switch (b) {
            case IP, BRK, ABORT, EL -> {
                flush();
                sendReplies();
                continuation = 0;
                listener.interrupt();
            }
            case AYT -> {
                flush();
                sendReplies();
                listener.areYouThere();
            }
            default -> {
                // NOP, DM, GA, EOR, AO, EC, SUSP, EOF, a stray SE: nothing to do
            }
        }
        return State.DATA;
    }

    /** One more byte of a subnegotiation; past the maximum, all of it is data after all. */
    private State skip(int b, State next) {
        if (subnegotiationLength == MAX_SUBNEGOTIATION) {
            for (int i = 0; i < subnegotiationLength; i++) {
                data(subnegotiation[i] & 0xFF);
            }
            data(b);
            return State.DATA;
        }
        subnegotiation[subnegotiationLength++] = (byte) b;
        return next;
    }

    /** {@code IAC verb option}: RFC 1143's rules for a side that wants nothing on but the peer's BINARY. */
    private void negotiate(int verb, int option) {
        switch (verb) {
            case DO -> reply(option == TIMING_MARK ? WILL : WONT, option);
            case DONT -> {
                // nothing of ours is ever on: already off
            }
            case WILL -> {
                if (option != BINARY) {
                    reply(DONT, option);
                } else if (binary == Binary.NO) {
                    binary = Binary.YES;
                    reply(DO, BINARY);
                } else {
                    binary = Binary.YES;
                }
            }
            case WONT -> {
                if (option == BINARY) {
                    if (binary == Binary.YES) {
                        reply(DONT, BINARY);
                    }
                    binary = Binary.NO;
                }
            }
            default -> throw new IllegalStateException("not a verb: " + verb);
        }
    }

    /** The peer sent a command, so it is a telnet client: ask it, once, to send 8-bit data as it is. */
    private void telnetPeer() {
        if (!askedBinary) {
            askedBinary = true;
            if (binary == Binary.NO) {
                binary = Binary.WANT_YES;
                reply(DO, BINARY);
            }
        }
    }

    private void reply(int verb, int option) {
        flush();
        replies.write(IAC);
        replies.write(verb);
        replies.write(option);
    }

    private void sendReplies() {
        if (replies.size() > 0) {
            byte[] bytes = replies.toByteArray();
            replies.reset();
            listener.reply(bytes);
        }
    }

    private void data(int b) {
        out.put((byte) b);
        continuation = next(continuation, b);
    }

    /** Hands on the data read so far, after the answers to the commands before it. */
    private void flush() {
        if (out.position() > 0) {
            sendReplies();
            listener.data(out.flip());
            out.clear();
        }
    }

    /** UTF-8: continuation bytes still expected after {@code b}, given {@code c} expected before it. */
    private static int next(int c, int b) {
        if (b >= 0x80 && b < 0xC0) {
            return c > 0 ? c - 1 : 0;
        }
        if (b >= 0xC2 && b < 0xE0) {
            return 1;
        }
        if (b >= 0xE0 && b < 0xF0) {
            return 2;
        }
        if (b >= 0xF0 && b < 0xF5) {
            return 3;
        }
        return 0;
    }

    /**
     * The control character a telnet client turned into command {@code b} (its default special characters),
     * or -1: a UTF-8 continuation byte with its eighth bit stripped is one of these.
     */
    private static int strippedCharacter(int b) {
        return switch (b) {
            case IP -> 0x03;
            case BRK, ABORT -> 0x1C;
            case SUSP -> 0x1A;
            case AO -> 0x0F;
            case EOF -> 0x04;
            default -> -1;
        };
    }
}
