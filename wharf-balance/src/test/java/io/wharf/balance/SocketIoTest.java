package io.wharf.balance;

import io.wharf.core.SocketIo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event loops' socket I/O ({@link SocketIo}) keeps the channel's contract: bytes both ways, 0 when nothing
 * can move, -1 at end of stream, the system's message on a reset. Here (downstream of wharf-core) the class
 * comes from wharf-core's multi-release jar, so on Java 22+ this is the raw-descriptor version that every
 * proxy test here runs on; the test says so rather than passing on the fallback unnoticed.
 */
class SocketIoTest {

    @Test
    void theRawVersionIsInUseWhereTheJarProvidesIt() {
        boolean fromVersionedJar = String.valueOf(SocketIo.class.getResource("SocketIo.class")).contains("/versions/");
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        assertThat(SocketIo.raw()).as(SocketIo.describe()).isEqualTo(fromVersionedJar && linux);
    }

    @Test
    void movesBytesBothWaysAndReportsNothingReadyAndEndOfStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     server.getLocalPort()));
             Socket peer = server.accept()) {
            ch.configureBlocking(false);
            int fd = SocketIo.fd(ch);
            assertThat(fd >= 0).isEqualTo(SocketIo.raw());
            ByteBuffer direct = ByteBuffer.allocateDirect(64);

            assertThat(SocketIo.read(ch, fd, direct)).isZero(); // nothing sent yet: EAGAIN, not an error

            ByteBuffer out = ByteBuffer.allocateDirect(16).put("ping".getBytes(StandardCharsets.US_ASCII)).flip();
            out.position(1); // from the position, not the start of the buffer
            assertThat(SocketIo.write(ch, fd, out)).isEqualTo(3);
            assertThat(out.hasRemaining()).isFalse();
            assertThat(peer.getInputStream().readNBytes(3)).isEqualTo("ing".getBytes(StandardCharsets.US_ASCII));

            peer.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
            direct.position(2); // into the position, leaving what is before it alone
            assertThat(readSome(ch, fd, direct)).isEqualTo(4);
            assertThat(direct.position()).isEqualTo(6);
            assertThat(StandardCharsets.US_ASCII.decode(direct.flip().position(2)).toString()).isEqualTo("pong");

            // a heap slice whose array starts elsewhere, written from its position (a staged copy when raw)
            ByteBuffer heap = ByteBuffer.wrap("--xheap".getBytes(StandardCharsets.US_ASCII), 2, 5).slice();
            heap.position(1);
            assertThat(SocketIo.write(ch, fd, heap)).isEqualTo(4);
            assertThat(heap.hasRemaining()).isFalse();
            assertThat(peer.getInputStream().readNBytes(4)).isEqualTo("heap".getBytes(StandardCharsets.US_ASCII));

            // larger than the staging copy: the channel writes it, as much as the socket takes now
            byte[] big = new byte[200_000];
            java.util.Arrays.fill(big, (byte) 'b');
            ByteBuffer large = ByteBuffer.wrap(big);
            int sent = SocketIo.write(ch, fd, large);
            assertThat(sent).isPositive().isEqualTo(large.position());
            assertThat(peer.getInputStream().readNBytes(sent)).containsOnly((byte) 'b');

            peer.shutdownOutput();
            direct.clear();
            assertThat(readSome(ch, fd, direct)).isEqualTo(-1);
        }
    }

    @Test
    void aResetIsAnIOExceptionWithTheSystemsMessage() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     server.getLocalPort()))) {
            ch.configureBlocking(false);
            int fd = SocketIo.fd(ch);
            try (Socket peer = server.accept()) {
                peer.setOption(StandardSocketOptions.SO_LINGER, 0); // its close is a reset
            }
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            assertThatThrownBy(() -> readSome(ch, fd, direct)).isInstanceOf(IOException.class)
                    .hasMessageContaining("reset");
        }
    }

    /** Reads until something other than "nothing yet" comes back (the peer's bytes are on their way). */
    private static int readSome(SocketChannel ch, int fd, ByteBuffer buf) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (;;) {
            int n = SocketIo.read(ch, fd, buf);
            if (n != 0 || System.nanoTime() > deadline) {
                return n;
            }
            Thread.onSpinWait();
        }
    }
}
