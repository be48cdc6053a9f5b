package io.wharf.kv.resp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request decoder on its own: every request split at every byte, pipelines cut at every pair of places,
 * Redis's quirks and limits, and the exact protocol errors.
 */
class RespDecoderTest {

    /** Records what the decoder reports, as text: {@code [GET, k]} per command, {@code !error} per error. */
    static final class Recorder implements RespDecoder.Listener {
        final List<String> events = new ArrayList<>();
        int stopAfter = Integer.MAX_VALUE;
        boolean authRequired;

        @Override
        public boolean command(List<byte[]> args) {
            events.add(args.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList().toString());
            return events.size() < stopAfter;
        }

        @Override
        public void protocolError(String message) {
            events.add("!" + message);
        }

        @Override
        public void queryBufferExceeded(long held) {
            events.add("!overflow");
        }
    }

    private static RespDecoder decoder(Recorder r) {
        return new RespDecoder(r, 512L << 20, 1L << 30, () -> r.authRequired);
    }

    private static List<String> decodeWhole(String input) {
        Recorder r = new Recorder();
        decoder(r).decode(buffer(input));
        return r.events;
    }

    /** Feeds {@code input} in pieces cut at {@code cuts}, each piece a fresh buffer, as the transport does. */
    private static List<String> decodeCut(String input, int... cuts) {
        Recorder r = new Recorder();
        RespDecoder d = decoder(r);
        int from = 0;
        for (int cut : cuts) {
            ByteBuffer piece = buffer(input.substring(from, cut));
            d.decode(piece);
            assertThat(piece.hasRemaining()).isFalse();
            from = cut;
        }
        d.decode(buffer(input.substring(from)));
        return r.events;
    }

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final String GET = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
    private static final String SET = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
    private static final String INLINE = "ECHO \"a b\" 'c'\r\n";

    @Test
    void decodesMultibulkAndInline() {
        assertThat(decodeWhole(GET + SET + INLINE)).containsExactly("[GET, k]", "[SET, key, va\r\nl]", "[ECHO, a b, c]");
    }

    @Test
    void everyRequestSplitAtEveryByteDecodesTheSame() {
        for (String request : List.of(GET, SET, INLINE, "*1\r\n$0\r\n\r\n", "PING\n", "*0\r\n" + GET)) {
            List<String> whole = decodeWhole(request);
            for (int cut = 0; cut <= request.length(); cut++) {
                assertThat(decodeCut(request, cut)).as("cut at %d of %s", cut, request).isEqualTo(whole);
            }
        }
    }

    @Test
    void aDirectBufferAndAnOffsetSliceDecodeAsAHeapBuffer() {
        // the transport reads into a direct buffer: the whole-line and whole-bulk steps read it in place
        for (String input : List.of(GET + SET + INLINE, "*1\rX$4\rYPINGab", "*01\r\n", "*1\r\n$01\r\nx\r\n",
                "*1\r\n$536870913\r\n", "*2\r\n$3\r\nGET\r\n$10\r\nshort\r\n", "*12345678901\r\n")) {
            byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
            Recorder direct = new Recorder();
            decoder(direct).decode(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
            byte[] padded = new byte[bytes.length + 6];
            System.arraycopy(bytes, 0, padded, 3, bytes.length);
            Recorder slice = new Recorder();
            decoder(slice).decode(ByteBuffer.wrap(padded, 3, bytes.length).slice());
            assertThat(direct.events).as(input).isEqualTo(decodeWhole(input));
            assertThat(slice.events).as(input).isEqualTo(decodeWhole(input));
        }
        assertThat(decodeWhole("*1\r\n$01\r\nx\r\n")).containsExactly("!Protocol error: invalid bulk length");
    }

    @Test
    void aPipelineCutAtEveryPairOfPlacesDecodesTheSame() {
        String pipeline = GET + INLINE + SET;
        List<String> whole = decodeWhole(pipeline);
        assertThat(whole).hasSize(3);
        for (int a = 0; a <= pipeline.length(); a++) {
            for (int b = a; b <= pipeline.length(); b++) {
                assertThat(decodeCut(pipeline, a, b)).as("cuts at %d and %d", a, b).isEqualTo(whole);
            }
        }
    }

    @Test
    void aSplitProtocolErrorIsReportedOnceWhereverItIsCut() {
        String input = GET + "*1\r\nxyz\r\n" + GET;
        for (int cut = 0; cut <= input.length(); cut++) {
            assertThat(decodeCut(input, cut)).as("cut at %d", cut)
                    .containsExactly("[GET, k]", "!Protocol error: expected '$', got 'x'");
        }
    }

    @Test
    void stopsRightAfterTheCommandTheListenerStopsAt() {
        Recorder r = new Recorder();
        r.stopAfter = 1;
        RespDecoder d = decoder(r);
        ByteBuffer in = buffer(GET + SET);
        d.decode(in);
        assertThat(r.events).containsExactly("[GET, k]");
        assertThat(in.remaining()).isEqualTo(SET.length());
        r.stopAfter = Integer.MAX_VALUE;
        d.decode(in);
        assertThat(r.events).containsExactly("[GET, k]", "[SET, key, va\r\nl]");
    }

    @Test
    void keepsRedisQuirks() {
        // the byte after a header's \r and the two after a bulk are not checked
        assertThat(decodeWhole("*1\rX$4\rYPINGab")).containsExactly("[PING]");
        // empty and negative multibulks, and blank inline lines, are ignored
        assertThat(decodeWhole("*0\r\n*-1\r\n\r\n  \r\nPING\r\n")).containsExactly("[PING]");
        // inline: LF alone ends a line, a CR before it is dropped
        assertThat(decodeWhole("A b\nC\r\n")).containsExactly("[A, b]", "[C]");
    }

    @Test
    void protocolErrorsAreWordedAsRedis() {
        assertThat(decodeWhole("*x\r\n")).containsExactly("!Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*\r\n")).containsExactly("!Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*01\r\n")).containsExactly("!Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*2147483648\r\n")).containsExactly("!Protocol error: invalid multibulk length");
        assertThat(decodeWhole("*1\r\n:1\r\n")).containsExactly("!Protocol error: expected '$', got ':'");
        assertThat(decodeWhole("*1\r\n$-1\r\n")).containsExactly("!Protocol error: invalid bulk length");
        assertThat(decodeWhole("*1\r\n$536870913\r\n")).containsExactly("!Protocol error: invalid bulk length");
        assertThat(decodeWhole("ECHO \"a\r\n")).containsExactly("!Protocol error: unbalanced quotes in request");
        assertThat(decodeWhole("*1" + "1".repeat(70_000))).containsExactly("!Protocol error: too big mbulk count string");
        assertThat(decodeWhole("*1\r\n$" + "1".repeat(70_000))).containsExactly("!Protocol error: too big bulk count string");
        assertThat(decodeWhole("A".repeat(70_000))).containsExactly("!Protocol error: too big inline request");
    }

    @Test
    void anErrorEndsDecoding() {
        assertThat(decodeWhole("*x\r\n" + GET)).containsExactly("!Protocol error: invalid multibulk length");
    }

    @Test
    void unauthenticatedClientsGetRedisSmallerLimits() {
        Recorder r = new Recorder();
        r.authRequired = true;
        decoder(r).decode(buffer("*11\r\n"));
        assertThat(r.events).containsExactly("!Protocol error: unauthenticated multibulk length");
        Recorder big = new Recorder();
        big.authRequired = true;
        decoder(big).decode(buffer("*1\r\n$16385\r\n"));
        assertThat(big.events).containsExactly("!Protocol error: unauthenticated bulk length");
    }

    @Test
    void anUnfinishedRequestOverTheQueryBufferLimitIsReported() {
        Recorder r = new Recorder();
        RespDecoder d = new RespDecoder(r, 1 << 20, 100, () -> false);
        d.decode(buffer("*2\r\n$60\r\n" + "x".repeat(60) + "\r\n$60\r\n" + "y".repeat(30)));
        assertThat(r.events).isEmpty();
        d.decode(buffer("y".repeat(20)));
        assertThat(r.events).containsExactly("!overflow");
    }

    @Test
    void aLargeBulkArrivingInPiecesIsWhole() {
        String value = "v".repeat(3_000_000);
        String input = "*2\r\n$4\r\nECHO\r\n$" + value.length() + "\r\n" + value + "\r\n";
        Recorder r = new Recorder();
        RespDecoder d = decoder(r);
        for (int i = 0; i < input.length(); i += 65536) {
            d.decode(buffer(input.substring(i, Math.min(input.length(), i + 65536))));
        }
        assertThat(r.events).hasSize(1);
        assertThat(r.events.get(0)).hasSize(value.length() + "[ECHO, ]".length());
        assertThat(d.idle()).isTrue();
    }
}
