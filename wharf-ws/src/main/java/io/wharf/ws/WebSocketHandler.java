package io.wharf.ws;

import io.wharf.core.spi.CloseReason;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.ws.codec.CloseCodes;
import io.wharf.ws.codec.FrameDecoder;
import io.wharf.ws.codec.FrameEncoder;
import io.wharf.ws.codec.MessageAssembler;
import io.wharf.ws.codec.Opcode;
import io.wharf.ws.codec.PerMessageDeflate;
import io.wharf.ws.codec.ProtocolException;
import io.wharf.ws.codec.Utf8Validator;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection after the handshake: the core handler that bytes go to once HTTP has switched
 * ({@link Connection#upgrade}). Frames go through the {@link FrameDecoder} and the {@link MessageAssembler} to
 * the endpoint; pings are answered, pongs end a heartbeat's wait, and the close handshake is kept: a peer's
 * close is answered with the same code and the connection closes; our own close waits at most
 * {@code ws_close_timeout} for the peer's (a connection deadline, so no thread waits). A protocol violation
 * fails the connection: a close frame with its code (1002, 1007, 1009), then the TCP close, which lingers so
 * the peer reads the frame.
 *
 * <p>Threading: the {@link Handler} callbacks run on the connection's thread, and so do the endpoint's. The
 * {@link WebSocket} methods are safe from any thread: each message is one frame in one write, and the close
 * frame goes out once ({@code closeSent}). The heartbeat ({@link LiveSockets}) reads {@link #lastHeard} and
 * pings from its own thread.
 */
final class WebSocketHandler implements Handler, MessageAssembler.Sink, WebSocket {

    private final WebSocketEndpoint endpoint;
    private final WsSettings settings;
    private final LiveSockets live;
    private final String subprotocol;
    /** Null unless permessage-deflate was negotiated. */
    private final PerMessageDeflate deflate;
    private final FrameDecoder decoder;
    private final MessageAssembler assembler;
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private Connection connection;
    /** The peer's close frame came: nothing after it is read. Handler thread only. */
    private boolean closeReceived;
    private int closeCode = CloseCodes.ABNORMAL;
    private String closeReason = "";
    /** When the peer was last heard from, for the heartbeat. */
    private volatile long lastHeard = System.nanoTime();
    /** A ping is out and its deadline set: the next bytes from the peer clear it. */
    private volatile boolean awaitingPong;

    WebSocketHandler(WebSocketEndpoint endpoint, WsSettings settings, LiveSockets live, String subprotocol,
                     PerMessageDeflate deflate) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.live = live;
        this.subprotocol = subprotocol;
        this.deflate = deflate;
        this.decoder = new FrameDecoder(true, deflate != null);
        this.assembler = new MessageAssembler(settings.maxMessage(), deflate, this);
    }

    @Override
    public void onOpen(Connection c) {
        connection = c;
        live.add(this);
        endpoint.onOpen(this);
    }

    @Override
    public void onData(Connection c, ByteBuffer data) {
        if (closeReceived || decoder.failed()) {
            data.position(data.limit());
            return;
        }
        lastHeard = System.nanoTime();
        if (awaitingPong && !closeSent.get()) {
            awaitingPong = false; // any frame shows the peer is alive
            c.clearDeadline();
        }
        try {
            decoder.decode(data, assembler);
        } catch (ProtocolException e) {
            fail(e.code(), e.getMessage());
        }
    }

    @Override
    public void message(boolean text, ByteBuffer payload) {
        if (!closeSent.get()) { // after our close, data is read and dropped until the peer's close
            endpoint.onMessage(this, text, payload);
        }
    }

    @Override
    public void control(int opcode, ByteBuffer payload) throws ProtocolException {
        switch (opcode) {
            case Opcode.PING -> {
                if (!closeSent.get()) {
                    write(FrameEncoder.frame(Opcode.PONG, true, false, payload));
                }
            }
            case Opcode.PONG -> {
                if (!closeSent.get()) {
                    awaitingPong = false;
                    connection.clearDeadline();
                }
            }
            case Opcode.CLOSE -> peerClosed(payload);
            default -> throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "unexpected control opcode " + opcode);
        }
    }

    /** The peer's close frame: checked, answered with its code unless we closed first, then the TCP close. */
    private void peerClosed(ByteBuffer payload) throws ProtocolException {
        int code = CloseCodes.NO_STATUS;
        String reason = "";
        if (payload.remaining() == 1) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        if (payload.remaining() >= 2) {
            code = payload.getShort() & 0xFFFF;
            if (!CloseCodes.valid(code)) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
            }
            Utf8Validator utf8 = new Utf8Validator();
            if (!utf8.feed(payload) || !utf8.complete()) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
            }
            reason = StandardCharsets.UTF_8.decode(payload).toString();
        }
        closeReceived = true;
        closeCode = code;
        closeReason = reason;
        if (closeSent.compareAndSet(false, true)) {
            int answer = code == CloseCodes.NO_STATUS ? CloseCodes.NORMAL : code;
            connection.write(FrameEncoder.frame(Opcode.CLOSE, true, false,
                    code == CloseCodes.NO_STATUS ? ByteBuffer.allocate(0) : FrameEncoder.closePayload(answer, "")));
        }
        connection.close(CloseReason.CLIENT_CLOSED);
    }

    /** Fails the connection (RFC 6455 section 7.1.7): our close frame, then the TCP close at once. */
    private void fail(int code, String reason) {
        closeCode = CloseCodes.ABNORMAL;
        closeReason = reason;
        if (closeSent.compareAndSet(false, true)) {
            connection.write(FrameEncoder.frame(Opcode.CLOSE, true, false, FrameEncoder.closePayload(code, reason)));
        }
        connection.close(CloseReason.PROTOCOL_ERROR);
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        endpoint.onWritabilityChanged(this, writable);
    }

    @Override
    public void onClose(Connection c) {
        live.remove(this);
        closeSent.set(true); // nothing more is sent; a sender inside the lock finishes first
        if (deflate != null) {
            synchronized (deflate.lock()) {
                deflate.end();
            }
        }
        endpoint.onClose(this, closeCode, closeReason);
    }

    // --- WebSocket: from any thread

    @Override
    public void sendText(String text) {
        send(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void send(boolean text, ByteBuffer payload) {
        if (closeSent.get()) {
            payload.position(payload.limit());
            return;
        }
        int opcode = text ? Opcode.TEXT : Opcode.BINARY;
        if (deflate == null) {
            write(FrameEncoder.frame(opcode, true, false, payload));
            return;
        }
        synchronized (deflate.lock()) { // compressed in the order they are written
            if (!closeSent.get()) {
                write(FrameEncoder.frame(opcode, true, true, deflate.deflate(payload)));
            }
        }
    }

    @Override
    public void send(Frame frame) {
        if (!closeSent.get()) {
            write(frame.bytes());
        }
    }

    private void write(ByteBuffer frame) {
        connection.write(frame);
    }

    @Override
    public void close(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            connection.deadline(settings.closeTimeout(), "no close frame from the peer");
            connection.write(FrameEncoder.frame(Opcode.CLOSE, true, false, FrameEncoder.closePayload(code, reason)));
        }
    }

    @Override
    public boolean writable() {
        return connection.writable();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * Heartbeat, on its thread: pings a socket silent for {@code ws_ping_interval}, after setting the deadline the
     * peer's answer clears (set first, so a quick pong cannot come before it).
     */
    void heartbeat(long now) {
        if (closeSent.get() || awaitingPong || now - lastHeard < settings.pingInterval().toNanos()) {
            return;
        }
        awaitingPong = true;
        connection.deadline(settings.pongTimeout(), "no pong within " + settings.pongTimeout().toMillis() + "ms");
        write(FrameEncoder.frame(Opcode.PING, true, false, ByteBuffer.allocate(0)));
    }
}
