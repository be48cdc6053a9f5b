package io.wharf.ws.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The frame decoder and the message assembler together, fed every input whole, split in two at every byte, and
 * byte by byte: the messages and control frames must come out the same, and every violation must be refused
 * with its close code wherever the input was split.
 */
class FrameDecoderTest {

    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.UTF_8);

    /** RFC 6455 section 5.7: a masked "Hello" from a client. */
    @Test
    void decodesTheRfcExample() throws Exception {
        byte[] rfc = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        assertThat(everySplit(rfc, 1 << 20)).containsExactly("text:Hello");
    }

    @Test
    void fragmentedMessagesWithAControlFrameInBetween() throws Exception {
        byte[] in = new Frames()
                .frame(Opcode.TEXT, false, "Hel".getBytes(StandardCharsets.UTF_8))
                .frame(Opcode.PING, true, new byte[]{1, 2})
                .frame(Opcode.CONTINUATION, false, new byte[0])
                .frame(Opcode.CONTINUATION, true, "lo".getBytes(StandardCharsets.UTF_8))
                .frame(Opcode.BINARY, true, new byte[]{10, 11})
                .frame(Opcode.PONG, true, new byte[0])
                .frame(Opcode.CLOSE, true, new byte[]{0x03, (byte) 0xE8})
                .bytes();
        assertThat(everySplit(in, 1 << 20))
                .containsExactly("ping:0102", "text:Hello", "binary:0a0b", "pong:", "close:03e8");
    }

    @Test
    void sixteenAndSixtyFourBitLengths() throws Exception {
        byte[] medium = new byte[300];
        Arrays.fill(medium, (byte) 'm');
        byte[] large = new byte[70_000];
        Arrays.fill(large, (byte) 'L');
        byte[] in = new Frames().frame(Opcode.TEXT, true, medium).frame(Opcode.BINARY, true, large).text("end").bytes();
        List<String> got = everySplit(in, 1 << 20, 0, 1, 2, 3, 5, 9, 10, 13, 14, 305, 306, 307, 310, 313, 314,
                1000, 69_999, in.length - 7, in.length - 1);
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo("text:" + "m".repeat(300));
        assertThat(got.get(1)).hasSize("binary:".length() + 140_000).startsWith("binary:4c4c");
        assertThat(got.get(2)).isEqualTo("text:end");
    }

    @Test
    void utf8IsValidatedAcrossFragmentsAndReads() throws Exception {
        byte[] kosme = "κόσμε €𝄞".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= kosme.length; cut++) { // the character boundary falls anywhere in the frames
            byte[] in = new Frames().frame(Opcode.TEXT, false, Arrays.copyOf(kosme, cut))
                    .frame(Opcode.CONTINUATION, true, Arrays.copyOfRange(kosme, cut, kosme.length)).bytes();
            assertThat(everySplit(in, 1 << 20)).containsExactly("text:κόσμε €𝄞");
        }
    }

    static Stream<Object[]> violations() {
        byte[] bad = {(byte) 0xCE, (byte) 0xBA, (byte) 0xE1, (byte) 0xBD, (byte) 0xB9, (byte) 0xCF, (byte) 0x83,
                (byte) 0xCE, (byte) 0xBC, (byte) 0xCE, (byte) 0xB5, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        return Stream.of(
                new Object[]{"unmasked", new Frames().raw(0x81, false, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"RSV1 without extension", new Frames().raw(0xC1, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"RSV2", new Frames().raw(0xA1, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"RSV3", new Frames().raw(0x91, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"opcode 3", new Frames().raw(0x83, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"opcode 11", new Frames().raw(0x8B, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"fragmented ping", new Frames().raw(0x09, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"ping of 126 bytes", new Frames().frame(Opcode.PING, true, new byte[126]).bytes(),
                        CloseCodes.PROTOCOL_ERROR},
                new Object[]{"lone continuation", new Frames().frame(Opcode.CONTINUATION, true, HELLO).bytes(),
                        CloseCodes.PROTOCOL_ERROR},
                new Object[]{"text inside a fragmented message", new Frames().frame(Opcode.TEXT, false, HELLO)
                        .frame(Opcode.TEXT, true, HELLO).bytes(), CloseCodes.PROTOCOL_ERROR},
                new Object[]{"invalid UTF-8 (a surrogate)", new Frames().frame(Opcode.TEXT, false, Arrays.copyOf(bad, 8))
                        .frame(Opcode.CONTINUATION, true, Arrays.copyOfRange(bad, 8, bad.length)).bytes(),
                        CloseCodes.INVALID_PAYLOAD},
                new Object[]{"text ending mid-character", new Frames().frame(Opcode.TEXT, true, new byte[]{(byte) 0xCE}).bytes(),
                        CloseCodes.INVALID_PAYLOAD},
                new Object[]{"message over the limit", new Frames().frame(Opcode.TEXT, false, new byte[60])
                        .frame(Opcode.CONTINUATION, true, new byte[41]).bytes(), CloseCodes.TOO_BIG});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationsAreRefusedWithTheirCodeAtEverySplit(String name, byte[] in, int code) {
        for (int split = 0; split <= in.length; split++) {
            int s = split;
            assertThatThrownBy(() -> decode(100, ByteBuffer.wrap(in, 0, s), ByteBuffer.wrap(in, s, in.length - s)))
                    .as("%s, split at %d", name, s)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
        }
    }

    @Test
    void serverFramesMustBeUnmaskedForAClientDecoder() throws Exception {
        Recorder r = new Recorder();
        FrameDecoder d = new FrameDecoder(false, false);
        d.decode(FrameEncoder.frame(Opcode.TEXT, true, false, ByteBuffer.wrap(HELLO)), new MessageAssembler(100, null, r));
        assertThat(r.events).containsExactly("text:Hello");
        ByteBuffer masked = FrameEncoder.masked(Opcode.TEXT, true, false, ByteBuffer.wrap(HELLO), 1);
        assertThatThrownBy(() -> new FrameDecoder(false, false).decode(masked, new MessageAssembler(100, null, r)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void aFailedDecoderDropsEverythingAfter() throws Exception {
        FrameDecoder d = new FrameDecoder(true, false);
        Recorder r = new Recorder();
        MessageAssembler a = new MessageAssembler(100, null, r);
        assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(new Frames().raw(0x83, true, HELLO).bytes()), a))
                .isInstanceOf(ProtocolException.class);
        ByteBuffer more = ByteBuffer.wrap(new Frames().text("x").bytes());
        d.decode(more, a);
        assertThat(more.hasRemaining()).isFalse();
        assertThat(r.events).isEmpty();
    }

    /**
     * What the input decodes to whole, byte by byte and split at each of {@code splits} (every byte if none),
     * asserting they all agree.
     */
    private static List<String> everySplit(byte[] in, long max, int... splits) throws Exception {
        List<String> whole = decode(max, ByteBuffer.wrap(in));
        ByteBuffer[] bytes = new ByteBuffer[in.length];
        for (int i = 0; i < in.length; i++) {
            bytes[i] = ByteBuffer.wrap(in, i, 1);
        }
        assertThat(decode(max, bytes)).as("byte by byte").isEqualTo(whole);
        int[] at = splits.length > 0 ? splits : java.util.stream.IntStream.rangeClosed(0, in.length).toArray();
        for (int s : at) {
            assertThat(decode(max, ByteBuffer.wrap(in, 0, s), ByteBuffer.wrap(in, s, in.length - s)))
                    .as("split at %d", s).isEqualTo(whole);
        }
        return whole;
    }

    private static List<String> decode(long max, ByteBuffer... pieces) throws ProtocolException {
        Recorder r = new Recorder();
        FrameDecoder d = new FrameDecoder(true, false);
        MessageAssembler a = new MessageAssembler(max, null, r);
        for (ByteBuffer p : pieces) {
            ByteBuffer ro = p.slice().asReadOnlyBuffer(); // the decoder must not write into the caller's buffer
            d.decode(ro, a);
            assertThat(ro.hasRemaining()).isFalse();
        }
        return r.events;
    }
}
