package io.wharf.load.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client's opening handshake (RFC 6455 section 4.1): the upgrade request with a fresh key, and the answer's
 * head read as it arrives, in pieces or with the first frames behind it (those bytes are left in the buffer).
 * The answer upgrades when it is {@code 101} with the {@code Sec-WebSocket-Accept} the key calls for.
 *
 * <p>Threading: one per connection attempt, on the thread that drives it.
 */
public final class WsHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 8192;
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    private final byte[] request;
    private final String accept;
    private final StringBuilder head = new StringBuilder();
    private int matched;

    public WsHandshake(String host, int port, String path) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.accept = accept(key);
    }

    /** The value a server must answer {@code key} with. */
    public static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The request, as a fresh buffer to write. */
    public ByteBuffer request() {
        return ByteBuffer.wrap(request);
    }

    public int requestLength() {
        return request.length;
    }

    /**
     * Takes the answer's bytes from {@code in} up to the end of its head (what follows stays in {@code in}); true
     * once the head is complete. A head over 8 KiB is an IOException.
     */
    public boolean feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            byte b = in.get();
            head.append((char) (b & 0xFF));
            matched = b == END[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == END.length) {
                return true;
            }
            if (head.length() > MAX_HEAD) {
                throw new IOException("handshake answer over 8 KiB");
            }
        }
        return false;
    }

    /** The complete answer's status code, or -1 when its first line is not {@code HTTP/1.1 NNN ...}. */
    public int status() {
        String line = statusLine();
        if (line.length() < 12 || !line.startsWith("HTTP/1.1 ") || line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String statusLine() {
        int end = head.indexOf("\r\n");
        return end < 0 ? head.toString() : head.substring(0, end);
    }

    /** Null when the complete answer upgrades the connection; otherwise what is wrong with it, in words. */
    public String problem() {
        if (status() != 101) {
            return "handshake refused: " + statusLine();
        }
        String got = header("sec-websocket-accept");
        if (!accept.equals(got)) {
            return got == null ? "101 without Sec-WebSocket-Accept" : "wrong Sec-WebSocket-Accept " + got;
        }
        return null;
    }

    private String header(String lowerName) {
        for (String line : head.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
