package io.wharf.ws;

import io.wharf.ws.codec.FrameDecoder;
import io.wharf.ws.codec.FrameEncoder;
import io.wharf.ws.codec.Opcode;
import io.wharf.ws.codec.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A WebSocket client on a plain socket, for what real clients will not do: answer pings or not, send frames with
 * any bits, write the handshake and frames in one packet. Frames from the server are decoded one at a time.
 */
public final class RawWsClient implements AutoCloseable {

    /** One frame from the server. */
    public record Received(int opcode, boolean fin, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's code, or 1005 without one. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameDecoder decoder = new FrameDecoder(false, false);
    private final Deque<Received> frames = new ArrayDeque<>();
    private final Collector collector = new Collector();
    private final byte[] buffer = new byte[64 * 1024];

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawWsClient connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return new RawWsClient(s);
    }

    /** The handshake request for {@code path}, with extra header lines. */
    public static byte[] request(String path, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the handshake and returns the response head (status line and fields). */
    public String handshake(String path, String... headers) throws IOException {
        send(request(path, headers));
        return readHead();
    }

    public String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked client frame. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteBuffer f = FrameEncoder.masked(opcode, fin, false, ByteBuffer.wrap(payload), 0x12345678);
        byte[] b = new byte[f.remaining()];
        f.get(b);
        return b;
    }

    public static byte[] text(String s) {
        return frame(Opcode.TEXT, true, s.getBytes(StandardCharsets.UTF_8));
    }

    public void sendText(String s) throws IOException {
        send(text(s));
    }

    /** The next frame; null once the server closed the connection. */
    public Received next() throws IOException {
        while (frames.isEmpty()) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new IOException("no frame within the socket timeout", e);
            }
            if (n < 0) {
                return null;
            }
            try {
                decoder.decode(ByteBuffer.wrap(buffer, 0, n), collector);
            } catch (ProtocolException e) {
                throw new IOException("server broke the protocol: " + e.getMessage(), e);
            }
        }
        return frames.poll();
    }

    /** True once the server has closed the TCP connection (reading frames until then). */
    public boolean awaitEnd() throws IOException {
        try {
            while (next() != null) {
                // drain
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Collects frames whole, data and control. */
    private final class Collector implements FrameDecoder.Listener {
        private int opcode;
        private boolean fin;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

        @Override
        public void dataStart(int opcode, boolean fin, boolean rsv1, long length) {
            this.opcode = opcode;
            this.fin = fin;
            payload.reset();
        }

        @Override
        public void dataPayload(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            payload.writeBytes(b);
        }

        @Override
        public void dataEnd() {
            frames.add(new Received(opcode, fin, payload.toByteArray()));
        }

        @Override
        public void control(int opcode, ByteBuffer p) {
            byte[] b = new byte[p.remaining()];
            p.get(b);
            frames.add(new Received(opcode, true, b));
        }
    }
}
