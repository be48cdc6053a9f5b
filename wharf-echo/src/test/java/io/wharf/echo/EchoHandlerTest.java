package io.wharf.echo;

import io.wharf.core.spi.Handler;
import io.wharf.core.testing.RecordingConnection;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EchoHandlerTest {

    private static final String CONVERSATION = "hello\r\nwor\rld\n\nquit\r\nnot echoed\n";
    private static final String REPLIES = EchoHandler.BANNER
            + "Echo #1: hello\n"
            + "Echo #2: wor\rld\n"
            + "Echo #3: \n"
            + "Goodbye!\n";

    private final RecordingConnection connection = new RecordingConnection();

    @Test
    void greetsOnConnect() {
        new EchoHandler(64).onOpen(connection);
        assertThat(connection.output()).isEqualTo("Welcome to Echo Server! Type 'quit' to exit.\n");
    }

    @Test
    void numbersEachLineOfTheConnection() {
        EchoHandler handler = open(64);
        feed(handler, "one\ntwo\n");
        feed(handler, "three\n");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "Echo #1: one\nEcho #2: two\nEcho #3: three\n");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void answersLfAndCrlfLinesAlike() {
        EchoHandler handler = open(64);
        feed(handler, "lf\ncrlf\r\n");
        assertThat(connection.output()).endsWith("Echo #1: lf\nEcho #2: crlf\n");
    }

    @Test
    void aCrSplitFromItsLfStillEndsTheLine() {
        EchoHandler handler = open(64);
        feed(handler, "split\r");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER);
        feed(handler, "\nnext\n");
        assertThat(connection.output()).endsWith("Echo #1: split\nEcho #2: next\n");
    }

    @Test
    void quitSaysGoodbyeClosesGracefullyAndIgnoresTheRest() {
        EchoHandler handler = open(64);
        ByteBuffer rest = bytes("quit\nmore\n");
        handler.onData(connection, rest);
        feed(handler, "later\n");
        assertThat(rest.hasRemaining()).isFalse();
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER + "Goodbye!\n");
        assertThat(connection.closed()).isTrue();
        assertThat(connection.aborted()).isFalse();
    }

    @Test
    void quitInAnyCaseToleratesTrailingWhitespaceOnly() {
        EchoHandler handler = open(64);
        feed(handler, " quit\nquitter\nQUIT!\nqu1t\n");
        assertThat(connection.isOpen()).isTrue();
        feed(handler, "QuIt \t\r\n");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "Echo #1:  quit\nEcho #2: quitter\nEcho #3: QUIT!\nEcho #4: qu1t\nGoodbye!\n");
        assertThat(connection.closed()).isTrue();
    }

    @Test
    void aTooLongLineGetsAnErrorAndTheConnectionStaysInSync() {
        EchoHandler handler = open(16);
        feed(handler, "first\n" + "x".repeat(17) + "\r\n");
        feed(handler, "y".repeat(16) + "\n");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "Echo #1: first\n"
                + "ERROR line too long (max 16 bytes)\n"
                + "Echo #2: " + "y".repeat(16) + "\n");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void aHugeLineArrivingInPiecesGetsOneErrorAndTheNextLineIsAnswered() {
        EchoHandler handler = open(1024);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'z');
        for (int i = 0; i < 128; i++) {
            handler.onData(connection, ByteBuffer.wrap(chunk));
        }
        feed(handler, "\nafter\n");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "ERROR line too long (max 1024 bytes)\n"
                + "Echo #1: after\n");
    }

    @Test
    void theConversationGivesTheSameRepliesHoweverItIsSplit() {
        byte[] input = CONVERSATION.getBytes(StandardCharsets.US_ASCII);
        assertThat(converse(input)).as("whole").isEqualTo(REPLIES);
        assertThat(converse(input, IntStream.range(1, input.length).toArray()))
                .as("one byte at a time").isEqualTo(REPLIES);
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j++) {
                assertThat(converse(input, i, j)).as("split at %d and %d", i, j).isEqualTo(REPLIES);
            }
        }
    }

    @Test
    void echoesBytesAsReceivedWithoutDecodingThem() {
        EchoHandler handler = open(64);
        byte[] line = {'a', (byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFF, '\n'};
        handler.onData(connection, ByteBuffer.wrap(line));
        byte[] out = connection.outputBytes();
        byte[] echoed = Arrays.copyOfRange(out, out.length - 6, out.length);
        assertThat(echoed).containsExactly(line);
    }

    @Test
    void stopsAtTheReplyThatMakesTheConnectionUnwritableAndCarriesOnWhenHandedTheRestAgain() {
        EchoHandler handler = open(64);
        connection.drained();
        connection.unwritableAbove(20); // "Echo #1: one\n" is 13 bytes, the second reply passes 20
        ByteBuffer data = bytes("one\ntwo\nthree\nfour\n");

        handler.onData(connection, data);

        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER + "Echo #1: one\nEcho #2: two\n");
        assertThat(connection.writable()).isFalse();
        assertThat(data.remaining()).as("left for the connection to keep").isEqualTo("three\nfour\n".length());

        connection.drained();
        handler.onWritabilityChanged(connection, true);
        handler.onData(connection, data);

        assertThat(data.hasRemaining()).as("the last reply makes it unwritable again, with nothing left").isFalse();
        assertThat(connection.writable()).isFalse();
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "Echo #1: one\nEcho #2: two\nEcho #3: three\nEcho #4: four\n");
    }

    @Test
    void inputDeliveredWhileUnwritableIsLeftWhole() {
        EchoHandler handler = open(64);
        connection.writable(false);
        ByteBuffer data = bytes("one\n");

        handler.onData(connection, data);

        assertThat(data.remaining()).isEqualTo(4);
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER);
    }

    @Test
    void everySplitAndEveryStopGiveTheSameReplies() {
        byte[] input = "a\nbb\r\n".repeat(3).getBytes(StandardCharsets.US_ASCII);
        String expected = EchoHandler.BANNER + "Echo #1: a\nEcho #2: bb\nEcho #3: a\nEcho #4: bb\n"
                + "Echo #5: a\nEcho #6: bb\n";
        for (int cut = 0; cut <= input.length; cut++) {
            RecordingConnection c = new RecordingConnection();
            EchoHandler handler = new EchoHandler(64);
            handler.onOpen(c);
            c.drained();
            c.unwritableAbove(1); // every reply leaves it unwritable
            for (ByteBuffer part : new ByteBuffer[] {
                    ByteBuffer.wrap(input, 0, cut).slice(), ByteBuffer.wrap(input, cut, input.length - cut).slice()}) {
                // the connection's side: hand over what was left, once writable again
                ByteBuffer in = ByteBuffer.allocate(part.remaining()).put(part).flip();
                while (in.hasRemaining()) {
                    handler.onData(c, in);
                    c.drained();
                }
            }
            assertThat(c.output()).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void rawEchoWritesWhileWritableAndLeavesInputWhenNot() {
        RecordingConnection c = new RecordingConnection();
        RawEchoHandler raw = new RawEchoHandler();
        ByteBuffer first = bytes("abc");
        raw.onData(c, first);
        c.writable(false);
        ByteBuffer second = bytes("def");
        raw.onData(c, second);

        assertThat(first.hasRemaining()).isFalse();
        assertThat(second.remaining()).isEqualTo(3);
        assertThat(c.output()).isEqualTo("abc");
        c.drained();
        raw.onData(c, second);
        assertThat(c.output()).isEqualTo("abcdef");
    }

    private EchoHandler open(int maxLine) {
        EchoHandler handler = new EchoHandler(maxLine);
        handler.onOpen(connection);
        return handler;
    }

    private void feed(Handler handler, String text) {
        ByteBuffer data = bytes(text);
        handler.onData(connection, data);
        assertThat(data.hasRemaining()).as("all input consumed").isFalse();
    }

    /**
     * A fresh handler and connection, fed {@code input} cut at the given offsets through one reused buffer
     * that is scribbled over after each call, as transports reuse theirs; returns everything written.
     */
    private static String converse(byte[] input, int... cuts) {
        RecordingConnection c = new RecordingConnection();
        EchoHandler handler = new EchoHandler(64);
        handler.onOpen(c);
        ByteBuffer reused = ByteBuffer.allocate(input.length);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : input.length;
            reused.clear().put(input, from, to - from).flip();
            handler.onData(c, reused);
            assertThat(reused.hasRemaining()).isFalse();
            Arrays.fill(reused.array(), (byte) '#');
            from = to;
        }
        assertThat(c.closed()).isTrue();
        return c.output();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
