package io.wharf.http.codec;

import static io.wharf.http.codec.Feed.bytes;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deterministic cousin of {@link RequestParserFuzzTest}: seeded random mutations of valid requests (byte
 * flips, insertions of the bytes that matter to the grammar, deletions, duplicated slices), each checked for
 * the same invariants. Runs in every build, whatever the fuzzer's state.
 */
class RequestParserMutationTest {

    private static final List<String> SEEDS = List.of(
            "GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
            "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
            "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=\"y\"\r\nhello\r\n0\r\nT: u\r\n\r\n",
            "GET / HTTP/1.0\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: [::1]:80\r\n\r\n");
    private static final byte[] INTERESTING = bytes("\r\n \t:;,\"\\0aF-+/\u0000\u007f\u00ff");
    private static final int MUTANTS_PER_SEED = 400;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutantsKeepTheInvariants() {
        Random random = new Random(20240611);
        for (String seed : SEEDS) {
            byte[] original = bytes(seed);
            ParserInvariants.check(original);
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                byte[] mutant = original;
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    mutant = mutate(mutant, random);
                }
                ParserInvariants.check(mutant);
            }
        }
    }

    private static byte[] mutate(byte[] in, Random random) {
        int at = random.nextInt(in.length + 1);
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] out = in.clone();
                if (at < out.length) {
                    out[at] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : INTERESTING[random.nextInt(INTERESTING.length)];
                }
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                System.arraycopy(in, at, out, at + 1, in.length - at);
                yield out;
            }
            case 2 -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(4));
                byte[] out = new byte[in.length - (end - at)];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, end, out, at, in.length - end);
                yield out;
            }
            default -> {
                int end = Math.min(in.length, at + random.nextInt(40));
                byte[] slice = Arrays.copyOfRange(in, at, end);
                byte[] out = new byte[in.length + slice.length];
                System.arraycopy(in, 0, out, 0, end);
                System.arraycopy(slice, 0, out, end, slice.length);
                System.arraycopy(in, end, out, end + slice.length, in.length - end);
                yield out;
            }
        };
    }
}
