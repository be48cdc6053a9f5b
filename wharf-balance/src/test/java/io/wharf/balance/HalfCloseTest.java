package io.wharf.balance;

import io.wharf.core.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's half-close must not cut a response still being relayed: the client sends its request and its FIN
 * at once, and the backend answers only after that FIN has reached it, in pieces, each only after the client has
 * read the one before (so every piece crosses the balancer while the client's input has long ended), then closes.
 * Every byte arrives, then the end.
 */
class HalfCloseTest {

    private static final String[] PIECES = {"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", "hello, ", "world"};

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD"})
    void aResponseWrittenAfterTheClientsFinArrivesWhole(Model model) throws Exception {
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BalanceRig rig = new BalanceRig()) {
            rig.balancer(model, "balance.check=none", "balance.backends=127.0.0.1:" + backend.getLocalPort());
            java.util.concurrent.BlockingQueue<Integer> readSoFar = new java.util.concurrent.LinkedBlockingQueue<>();
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> serve(backend, readSoFar));
            try (Socket s = new Socket("127.0.0.1", rig.address().getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                int expected = 0;
                for (String p : PIECES) {
                    expected += p.length();
                    while (got.size() < expected) {
                        int b = in.read();
                        assertThat(b).as("cut after " + got.size() + " bytes: " + got).isNotNegative();
                        got.write(b);
                    }
                    readSoFar.add(got.size()); // the backend sends the next piece only now
                }
                assertThat(in.read()).as("then the end").isEqualTo(-1);
                assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo(String.join("", PIECES));
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        }
    }

    /** Reads the request to its FIN, then writes each piece once the client has read the previous one. */
    private static String serve(ServerSocket server, java.util.concurrent.BlockingQueue<Integer> readSoFar) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            String request = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < PIECES.length; i++) {
                out.write(PIECES[i].getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (readSoFar.poll(10, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("the client never read piece " + i);
                }
            }
            return request;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
