package io.wharf.core.tls;

import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TLS layer under every in-process model, with the JDK's TLS client on real sockets: echo, a large file
 * sent through the engine byte-exact between the writes around it, and a client that stops reading being
 * held back by its own TCP window with the server's queued output bounded, as over plain TCP. (The
 * {@code process} and {@code prefork} models run the same layer in their accepting process or workers: the CLI's
 * TlsIT covers them with the real jar.)
 */
@Timeout(120)
class TlsModelsTest {

    private static final int FILE_SIZE = 8 << 20;

    @TempDir
    static Path dir;
    private static Path file;
    private static byte[] content;
    TlsFixture tls;

    @BeforeAll
    static void writeFile() throws IOException {
        content = new byte[FILE_SIZE];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        file = Files.write(dir.resolve("pattern.bin"), content);
    }

    @BeforeEach
    void fixture(@TempDir Path certs) throws Exception {
        tls = new TlsFixture(certs);
    }

    @AfterEach
    void stop() {
        tls.close();
    }

    /** Echoes; a first byte 'F' asks for HEAD, the file, TAIL. */
    static final class FileOrEcho implements Handler {
        @Override
        public void onData(Connection c, ByteBuffer data) {
            if (data.get(data.position()) == 'F') {
                data.position(data.limit());
                c.write("HEAD\n");
                try {
                    c.sendFile(FileChannel.open(file), 0, FILE_SIZE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                c.write("TAIL\n");
                return;
            }
            c.write(data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void echoesOverTls13(Model model) throws Exception {
        HostedListener l = tls.start(model, FileOrEcho::new);
        try (SSLSocket s = tls.connect(l)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            OutputStream out = s.getOutputStream();
            out.write("hello ".getBytes(StandardCharsets.US_ASCII));
            out.write("over tls\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
                    .isEqualTo("hello over tls\n");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> tls.layer.failures().handshakes() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void sendsALargeFileThroughTheEngineByteExactBetweenTheWritesAroundIt(Model model) throws Exception {
        HostedListener l = tls.start(model, FileOrEcho::new);
        try (SSLSocket s = tls.connect(l)) {
            s.getOutputStream().write('F');
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("HEAD\n");
            byte[] got = in.readNBytes(FILE_SIZE);
            assertThat(Arrays.mismatch(got, content)).isEqualTo(-1);
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("TAIL\n");
        }
    }

    /** A protocol that speaks first (echo's banner) reaches a client that waits for it before sending anything. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void aBannerWrittenOnOpenReachesAClientThatReadsFirst(Model model) throws Exception {
        HostedListener l = tls.start(model, (HandlerFactory) () -> new Handler() {
            @Override
            public void onOpen(Connection c) {
                c.write("welcome\n");
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                c.write(data);
            }
        });
        try (SSLSocket s = tls.connect(l)) {
            assertThat(new String(s.getInputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("welcome\n");
        }
    }

    /**
     * The balancer's case: {@code shutdownOutput} sends what was written, then {@code close_notify} (the client
     * reads the end of the stream), and in TLS 1.3 the client goes on sending, and is heard.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void shutdownOutputSendsCloseNotifyAndTheClientMayGoOnSending(Model model) throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        HostedListener l = tls.start(model, (HandlerFactory) () -> new Handler() {
            private boolean shut;

            @Override
            public void onData(Connection c, ByteBuffer data) {
                String text = StandardCharsets.US_ASCII.decode(data).toString();
                if (!shut) {
                    shut = true;
                    c.write("bye\n");
                    c.shutdownOutput();
                    c.write("dropped\n"); // after the half-close: never sent
                } else {
                    heard.add(text);
                }
            }

            @Override
            public void onInputEnded(Connection c) {
                heard.add("<end>");
            }
        });
        try (SSLSocket s = tls.connect(l)) {
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
            s.getOutputStream().write("half\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
            s.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            StringBuilder got = new StringBuilder();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (String h = heard.poll(); h != null; h = heard.poll()) {
                    got.append(h);
                }
                return got.toString().equals("still here");
            });
            s.shutdownOutput(); // our close_notify: the server's protocol hears the end of its input
            await().atMost(Duration.ofSeconds(10)).until(() -> "<end>".equals(heard.poll()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK", "ITERATIVE"})
    void aClientThatStopsReadingIsHeldBackWithTheServersOutputBounded(Model model) throws Exception {
        HostedListener l = tls.start(model, FileOrEcho::new);
        int total = 32 << 20;
        try (SSLSocket s = tls.connect(l)) {
            AtomicLong sent = new AtomicLong();
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    while (sent.get() < total) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the sender stalls: the server stopped reading while its echo cannot leave
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                long before = sent.get();
                Thread.sleep(300); // a stall is an absence of progress: there is no event to await
                return sent.get() == before && before < total;
            });
            assertThat(l.context().stats().peakOutboxBytes()).isLessThanOrEqualTo(l.limits().maxOutbox());
            assertThat(l.openConnections()).isEqualTo(1);
            // reading again releases everything, in order
            InputStream in = s.getInputStream();
            long read = 0;
            byte[] buf = new byte[64 * 1024];
            while (read < total) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 'x') {
                        throw new AssertionError("byte " + (read + i) + " is " + buf[i]);
                    }
                }
                read += n;
            }
            sender.join();
        }
    }
}
