package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks what the load client counts, never how fast anything is. */
class EchoLoadTest {

    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsFaithfulEchoesWithoutErrors() throws Exception {
        LoadResult r = EchoLoad.run(settings(serve(b -> b)), EchoLoad.Phases.NONE);

        assertThat(r.errors()).isZero();
        assertThat(r.roundTrips()).isPositive();
        assertThat(r.latencies().getTotalCount()).isEqualTo(r.roundTrips());
    }

    @Test
    void countsAlteredRepliesAsErrorsNotRoundTrips() throws Exception {
        LoadResult r = EchoLoad.run(settings(serve(b -> b ^ 0x20)), EchoLoad.Phases.NONE);

        assertThat(r.mismatches()).isPositive();
        assertThat(r.roundTrips()).isZero();
    }

    @Test
    void countsConnectionsTheServerDrops() throws Exception {
        LoadResult r = EchoLoad.run(settings(serve(b -> -1)), EchoLoad.Phases.NONE);

        assertThat(r.lostConnections()).isEqualTo(3);
        assertThat(r.roundTrips()).isZero();
    }

    private static LoadSettings settings(int port) {
        return new LoadSettings("127.0.0.1", port, 3, 16, 2, Duration.ofMillis(100), Duration.ofMillis(300));
    }

    /** A blocking echo server, one thread per client, passing each byte through {@code alter}; -1 hangs up. */
    private int serve(IntUnaryOperator alter) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofPlatform().daemon().start(() -> echo(client, alter));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void echo(Socket client, IntUnaryOperator alter) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            int b;
            while ((b = in.read()) >= 0) {
                int reply = alter.applyAsInt(b);
                if (reply < 0) {
                    return;
                }
                out.write(reply);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException gone) {
            // the client closed its end when the run ended
        }
    }
}
