package io.wharf.load.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code wharf load kv} against Debian's redis-server (skipped without it): the counts add up, GETs of keys
 * that were SET hit, error replies are failures; and the reply reader on input that arrives a byte at a time.
 */
@Timeout(60)
class KvLoadTest {

    /** A stream that hands out one byte per read, as the worst-split network would. */
    private static InputStream trickle(String s) {
        ByteArrayInputStream all = new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
        return new InputStream() {
            @Override
            public int read() {
                return all.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len == 0 ? 0 : all.read(b, off, 1);
            }

            @Override
            public long skip(long n) {
                return all.skip(Math.min(n, 1));
            }
        };
    }

    @Test
    void theReplyReaderReadsEveryKindSplitAtEveryByte() throws IOException {
        RespReplyReader r = new RespReplyReader(trickle("+OK\r\n-ERR no\r\n:12\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n*-1\r\n"));
        List<RespReplyReader.Kind> kinds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            kinds.add(r.next());
        }
        assertThat(kinds).containsExactly(RespReplyReader.Kind.SIMPLE, RespReplyReader.Kind.ERROR,
                RespReplyReader.Kind.INTEGER, RespReplyReader.Kind.BULK, RespReplyReader.Kind.NULL,
                RespReplyReader.Kind.ARRAY, RespReplyReader.Kind.NULL);
        assertThat(r.lastError()).isEqualTo("ERR no");
        assertThatThrownBy(r::next).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    private static Process redis(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", "" + port, "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRunAgainstRedisCountsEveryCommandAndHitsWhatItSet() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server not installed");
        int port = freePort();
        Process p = redis(port);
        try {
            KvLoadSpec setOnly = new KvLoadSpec("127.0.0.1", port, 4, Duration.ofSeconds(10), 2000, Duration.ZERO, 50,
                    10, 0, 8, 0, Duration.ofSeconds(5));
            KvLoadReport sets = KvLoad.run(setOnly);
            assertThat(sets.failures()).isZero();
            assertThat(sets.sets()).isGreaterThanOrEqualTo(2000);
            assertThat(sets.latency().getTotalCount()).isEqualTo(sets.commands());
            KvLoadSpec getOnly = new KvLoadSpec("127.0.0.1", port, 2, Duration.ofSeconds(10), 500, Duration.ZERO, 50,
                    10, 1, 1, 5000, Duration.ofSeconds(5));
            KvLoadReport gets = KvLoad.run(getOnly);
            assertThat(gets.gets()).isGreaterThanOrEqualTo(500);
            assertThat(gets.hits()).isEqualTo(gets.gets()); // 2000 SETs over 50 keys: every key is there
            assertThat(gets.text()).contains("open loop at 5000/s").contains("hits 100.0%").contains("failures  0");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void errorRepliesAreFailures() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server not installed");
        int port = freePort();
        Process p = redis(port, "--requirepass", "secret");
        try {
            KvLoadReport r = KvLoad.run(new KvLoadSpec("127.0.0.1", port, 1, Duration.ofSeconds(10), 100,
                    Duration.ZERO, 10, 10, 0.5, 1, 0, Duration.ofSeconds(5)));
            assertThat(r.failures()).isGreaterThanOrEqualTo(100);
            assertThat(r.firstError()).startsWith("error reply: NOAUTH");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
