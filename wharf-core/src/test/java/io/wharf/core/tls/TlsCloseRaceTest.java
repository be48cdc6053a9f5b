package io.wharf.core.tls;

import io.wharf.core.HostedListener;
import io.wharf.core.Model;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close from another thread racing the connection's own thread's flush, over TLS: the records and the
 * {@code close_notify} the other thread sealed must all reach the client before the outer connection closes.
 *
 * <p>In {@link TlsSealer} one thread at a time hands sealed records to the outer connection, and a thread that
 * finds another doing so leaves its records for it. A foreign thread's write and close thus often return with
 * their records (its last line, the {@code close_notify}) still queued behind the connection's own thread's
 * flush; an outer close asked for then would make the outer connection drop them, as it drops every write
 * after a close. So the handler's thread keeps writing lines ({@code a1, a2, ...}, each a record of its own)
 * while the foreign thread writes {@code b1..b19}, waits until the handler's thread is well into its writes,
 * then writes {@code b20} and closes at once. The client must read {@code start}, every {@code b} line in
 * order, an unbroken prefix of the {@code a} lines (those written after the close are dropped, as they
 * should be), and then a clean end of stream: {@code close_notify} as the last record. (The JDK's client takes
 * an end of stream without {@code close_notify} as one, so the client's socket is layered over one that keeps
 * the ciphertext, and the last record's length tells: in TLS 1.3 every record is encrypted alike, and the alert
 * has two bytes of plaintext where every line here has at least three.)
 */
@Timeout(120)
class TlsCloseRaceTest {

    private static final int CONNECTIONS = 200;
    private static final int FOREIGN_LINES = 20;
    /** The handler's thread has written this many lines when the foreign thread writes its last and closes. */
    private static final int OWN_LINES_BEFORE_CLOSE = 50;
    private static final int OWN_LINES_MAX = 5000;
    /** The outer content type of every encrypted TLS 1.3 record, alerts included. */
    private static final byte APPLICATION_DATA = 23;

    TlsFixture tls;
    /** One for all the connections: they resume its session, a cheaper handshake. */
    SSLContext client;

    @BeforeEach
    void fixture(@TempDir Path certs) throws Exception {
        tls = new TlsFixture(certs);
        client = tls.clientContext();
    }

    @AfterEach
    void stop() {
        tls.close();
    }

    /** On the first bytes: the foreign thread's lines and close, racing the handler thread's own lines. */
    static final class CloseRace implements Handler {
        private boolean started;

        @Override
        public void onData(Connection c, ByteBuffer data) {
            data.position(data.limit());
            if (started) {
                return;
            }
            started = true;
            c.write("start\n");
            AtomicInteger own = new AtomicInteger();
            Thread.ofPlatform().start(() -> {
                for (int i = 1; i < FOREIGN_LINES; i++) {
                    c.write("b" + i + "\n");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (own.get() < OWN_LINES_BEFORE_CLOSE && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                c.write("b" + FOREIGN_LINES + "\n");
                c.close();
            });
            for (int j = 1; j <= OWN_LINES_MAX && c.isOpen(); j++) {
                c.write("a" + j + "\n");
                own.set(j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void sendsEveryRecordAndTheCloseNotifyOfAForeignCloseThatRacesTheConnectionsOwnFlush(Model model)
            throws Exception {
        HostedListener l = tls.start(model, (HandlerFactory) CloseRace::new);
        for (int n = 0; n < CONNECTIONS; n++) {
            String text;
            ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
            try (SSLSocket s = connect(l, ciphertext)) {
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
                s.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                text = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
            check(n, text);
            assertThat(endsWithCloseNotify(ciphertext.toByteArray())).as("connection %d: close_notify last", n)
                    .isTrue();
        }
    }

    /** A TLS client over a socket that copies what it reads into {@code ciphertext}. */
    private SSLSocket connect(HostedListener l, ByteArrayOutputStream ciphertext) throws Exception {
        Socket raw = new Socket() {
            @Override
            public InputStream getInputStream() throws IOException {
                InputStream in = super.getInputStream();
                return new FilterInputStream(in) {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            ciphertext.write(b);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        if (n > 0) {
                            ciphertext.write(b, off, n);
                        }
                        return n;
                    }
                };
            }
        };
        raw.connect(l.localAddress());
        raw.setTcpNoDelay(true); // "go" right behind the handshake, not held for a delayed ACK
        raw.setSoTimeout(10_000);
        SSLSocket s = (SSLSocket) client.getSocketFactory()
                .createSocket(raw, "127.0.0.1", l.localAddress().getPort(), true);
        s.startHandshake();
        return s;
    }

    /**
     * Whether the last TLS record in {@code bytes} (whole records only) is shorter than every other encrypted
     * one: the close_notify, two bytes of plaintext where every line here has at least three.
     */
    private static boolean endsWithCloseNotify(byte[] bytes) {
        int at = 0;
        int last = -1;
        int shortest = Integer.MAX_VALUE;
        while (at < bytes.length) {
            assertThat(bytes.length - at).as("a whole record header").isGreaterThanOrEqualTo(5);
            if (last >= 0) {
                shortest = Math.min(shortest, last);
            }
            last = bytes[at] == APPLICATION_DATA ? ((bytes[at + 3] & 0xff) << 8) | (bytes[at + 4] & 0xff) : -1;
            at += 5 + (((bytes[at + 3] & 0xff) << 8) | (bytes[at + 4] & 0xff));
        }
        assertThat(at).as("whole records").isEqualTo(bytes.length);
        return last >= 0 && last < shortest;
    }

    private static void check(int n, String text) {
        assertThat(text).as("connection %d", n).startsWith("start\n").endsWith("\n");
        List<String> foreign = new ArrayList<>();
        int own = 0;
        for (String line : text.substring("start\n".length()).split("\n")) {
            if (line.startsWith("a")) {
                assertThat(line).as("connection %d: the handler's lines in order, none missing", n)
                        .isEqualTo("a" + (own + 1));
                own++;
            } else {
                foreign.add(line);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= FOREIGN_LINES; i++) {
            expected.add("b" + i);
        }
        assertThat(foreign).as("connection %d: the foreign lines", n).isEqualTo(expected);
        assertThat(own).as("connection %d: the handler's lines written before the close", n)
                .isGreaterThanOrEqualTo(OWN_LINES_BEFORE_CLOSE);
    }
}
