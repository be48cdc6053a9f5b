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
 * within milliseconds and be aborted), and every byte arrives.
 */
class BackpressureTest {

    private static final long UPLOAD = 128L << 20;
    /** The watermark (64 KiB) plus one read of the loop's buffer, with room to spare. */
    private static final long BOUND = 256 << 10;

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL"})
    void aSlowBackendSlowsTheUploadingClientDownAndTheQueuesStayBounded(Model model) throws Exception {
        try (ServerSocket slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BalanceRig rig = new BalanceRig()) {
            Thread backend = Thread.ofPlatform().name("slow-backend").start(() -> readSlowly(slow));
            rig.balancer(model, "balance.check=none", "balance.backends=127.0.0.1:" + slow.getLocalPort());
            try (Socket s = new Socket("127.0.0.1", rig.address().getPort())) {
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[256 << 10];
                for (long sent = 0; sent < UPLOAD; sent += chunk.length) {
                    out.write(chunk);
                }
                s.shutdownOutput();
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply).isEqualTo("count=" + UPLOAD + "\n");
            }
            backend.join(10_000);
            assertThat(rig.server().outboundStats().peakOutboxBytes()).as("queued towards the backend")
                    .isLessThanOrEqualTo(BOUND);
            assertThat(rig.server().stats().peakOutboxBytes()).as("queued towards the client")
                    .isLessThanOrEqualTo(BOUND);
        }
    }

    /** Accepts one connection and reads it at about 128 MiB/s, a tenth of what loopback takes; then answers. */
    private static void readSlowly(ServerSocket server) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 << 10];
            long count = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                count += n;
                LockSupport.parkNanos(500_000); // the throttle that makes it slow, not a wait for anything
            }
            s.getOutputStream().write(("count=" + count + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            // the test fails on the missing reply
        }
    }
}
