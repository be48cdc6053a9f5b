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
    void quitToleratesTrailingWhitespaceOnly() {
        EchoHandler handler = open(64);
        feed(handler, "QUIT\n quit\nquitter\nquit!\n");
        assertThat(connection.isOpen()).isTrue();
        feed(handler, "quit \t\r\n");
        assertThat(connection.output()).isEqualTo(EchoHandler.BANNER
                + "Echo #1: QUIT\nEcho #2:  quit\nEcho #3: quitter\nEcho #4: quit!\nGoodbye!\n");
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
