package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Connection#upgrade} under every model that runs in this JVM: the first handler answers lines until
 * {@code UPGRADE}, then hands the connection over with the bytes it read past that line; the next handler gets
 * {@code onOpen}, then those bytes, then the socket's, and the connection's {@code onClose}. The request is
 * split at every byte, so the bytes after the upgrade line arrive with it, alone, or in parts.
 */
class UpgradeTest {

    private static final String INPUT = "one\nUPGRADE\ntwo\nthree\n";
    private static final String EXPECTED = "A:one\nB:open\nTWO\nTHREE\n";

    private final AtomicInteger firstClosed = new AtomicInteger();
    private final AtomicInteger nextClosed = new AtomicInteger();

    /** Line by line until UPGRADE; keeps a partial line in its own state. */
    private final class First implements Handler {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void onData(Connection c, ByteBuffer data) {
            while (data.hasRemaining()) {
                char ch = (char) data.get();
                if (ch != '\n') {
                    line.append(ch);
                    continue;
                }
                if (line.toString().equals("UPGRADE")) {
                    // a copy, as a protocol's own buffer would be: the rest belongs to the next protocol
                    ByteBuffer rest = ByteBuffer.allocate(data.remaining()).put(data).flip();
                    c.upgrade(new Next(), rest);
                    return;
                }
                c.write("A:" + line + "\n");
                line.setLength(0);
            }
        }

        @Override
        public void onClose(Connection c) {
            firstClosed.incrementAndGet();
        }
    }

    /** Greets on open, then echoes bytes upper-cased. */
    private final class Next implements Handler {
        @Override
        public void onOpen(Connection c) {
            c.write("B:open\n");
        }

        @Override
        public void onData(Connection c, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            c.write(new String(b, StandardCharsets.US_ASCII).toUpperCase());
        }

        @Override
        public void onClose(Connection c) {
            nextClosed.incrementAndGet();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void theNextHandlerGetsTheUnconsumedBytesThenTheSocketsAtEverySplit(Model model) throws Exception {
        ServerSettings settings = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        byte[] input = INPUT.getBytes(StandardCharsets.US_ASCII);
        try (Server server = Server.start(settings, First::new)) {
            for (int split = 1; split < input.length; split++) {
                try (Socket s = new Socket(server.localAddress().getAddress(), server.localAddress().getPort())) {
                    s.setSoTimeout(5_000);
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    out.write(input, 0, split);
                    out.flush();
                    out.write(input, split, input.length - split);
                    out.flush();
                    assertThat(read(s.getInputStream(), EXPECTED.length())).as("split at %d", split).isEqualTo(EXPECTED);
                }
            }
            int connections = input.length - 1;
            await().untilAsserted(() -> assertThat(nextClosed.get()).isEqualTo(connections));
            assertThat(firstClosed.get()).as("the first handler hears nothing after the upgrade").isZero();
        }
    }

    private static String read(InputStream in, int length) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[256];
        while (got.size() < length) {
            int n = in.read(b);
            if (n < 0) {
                break;
            }
            got.write(b, 0, n);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }
}
