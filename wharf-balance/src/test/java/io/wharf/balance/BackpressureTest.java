package io.wharf.balance;

import io.wharf.core.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client uploading far faster than its backend reads: the balancer pauses the client instead of queueing,
 * so its queued bytes stay within the watermarks (the upload would otherwise pass {@code max_outbox}, 1 MiB,
 * within milliseconds and be aborted), and every byte arrives. Under {@code event} the upload is the issue's
 * 1 GiB, to a backend that reads in bursts with pauses between (each pause fills every buffer on the way, so
 * the balancer must stop reading the client again and again); the other models move 128 MiB.
 */
class BackpressureTest {

    private static final long ISSUE_UPLOAD = 1L << 30;
    private static final long UPLOAD = 128L << 20;
    /** The watermark (64 KiB) plus one read of the loop's buffer, with room to spare. */
    private static final long BOUND = 256 << 10;

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void aSlowBackendSlowsTheUploadingClientDownAndTheQueuesStayBounded(Model model) throws Exception {
        long upload = model == Model.EVENT ? ISSUE_UPLOAD : UPLOAD;
        try (ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BalanceRig rig = new BalanceRig()) {
            Thread backend = Thread.ofPlatform().name("slow-backend").start(() -> readSlowly(slow));
            rig.balancer(model, "balance.check=none", "balance.backends=127.0.0.1:" + slow.getLocalPort());
            try (Socket s = new Socket("127.0.0.1", rig.address().getPort())) {
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[256 << 10];
                for (long sent = 0; sent < upload; sent += chunk.length) {
                    out.write(chunk);
                }
                s.shutdownOutput();
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply).isEqualTo("count=" + upload + "\n");
            }
            backend.join(10_000);
            assertThat(rig.server().outboundStats().peakOutboxBytes()).as("queued towards the backend")
                    .isLessThanOrEqualTo(BOUND);
            assertThat(rig.server().stats().peakOutboxBytes()).as("queued towards the client")
                    .isLessThanOrEqualTo(BOUND);
        }
    }

    /**
     * Accepts one connection and reads it in bursts of 4 MiB with a 10 ms pause after each (at most about
     * 400 MiB/s, slower than the client can send, and bursty: the pause is the throttle, not a wait for
     * anything); then answers with the count.
     */
    private static void readSlowly(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 << 10];
            long count = 0;
            long burst = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                count += n;
                burst += n;
                if (burst >= 4 << 20) {
                    burst = 0;
                    LockSupport.parkNanos(10_000_000);
                }
            }
            s.getOutputStream().write(("count=" + count + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            // the test fails on the missing reply
        }
    }
}
