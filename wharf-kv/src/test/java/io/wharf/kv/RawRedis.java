package io.wharf.kv;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test client that speaks raw RESP: sends commands as multibulk (or any raw bytes) and reads back each reply
 * as the exact bytes the server sent, so tests compare replies byte for byte.
 */
final class RawRedis implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawRedis(InetSocketAddress address) throws IOException {
        this(connected(address));
    }

    /** Over a socket already connected (a TLS one, handshaken). */
    RawRedis(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5000);
        return s;
    }

    /** Half-closes: the server sees the end of input while this side can still read. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    static byte[] encode(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends one command and returns its reply's bytes. */
    String call(String... args) throws IOException {
        send(encode(List.of(args)));
        return reply();
    }

    /** The next complete reply, as text (Latin-1: one char per byte). */
    String reply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readReply(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes the connection. */
    String untilClosed() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /**
     * Everything until the server closes the connection, or until it has been quiet for half a second (a raw
     * exchange that does not end in a close).
     */
    String untilClosedOrQuiet() throws IOException {
        socket.setSoTimeout(500);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                b.write(chunk, 0, n);
            }
            b.writeBytes("<closed>".getBytes(StandardCharsets.US_ASCII));
        } catch (java.net.SocketTimeoutException quiet) {
            b.writeBytes("<open>".getBytes(StandardCharsets.US_ASCII));
        } catch (java.net.SocketException reset) {
            b.writeBytes("<closed>".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void readReply(ByteArrayOutputStream b) throws IOException {
        String line = line(b);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> {
            }
            case '$', '=', '!' -> {
                long n = Long.parseLong(line.substring(1));
                if (n >= 0) {
                    b.writeBytes(in.readNBytes((int) n + 2));
                }
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < n; i++) {
                    readReply(b);
                }
            }
            case '%', '|' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < 2 * n; i++) {
                    readReply(b);
                }
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
    }

    private String line(ByteArrayOutputStream b) throws IOException {
        StringBuilder s = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("closed after " + b.size() + " bytes of a reply");
            }
            b.write(c);
            if (c == '\n' && !s.isEmpty() && s.charAt(s.length() - 1) == '\r') {
                return s.substring(0, s.length() - 1);
            }
            s.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
