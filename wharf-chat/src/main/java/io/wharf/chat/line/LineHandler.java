package io.wharf.chat.line;

import io.wharf.chat.domain.ChatHub;
import io.wharf.chat.domain.FloodGate;
import io.wharf.chat.domain.Session;
import io.wharf.core.codec.LineDecoder;
import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One telnet or {@code nc} user: bytes in, through the {@link TelnetFilter} (whose answers go back out
 * through the session, and whose interrupt drops the line being typed) and a {@link LineDecoder} (LF or
 * CR LF, UTF-8, bad bytes replaced), past the {@link FloodGate}, to {@link Commands} and so to the user's
 * {@link Session}. Replies come back through a {@link LineSink}, never written from here.
 *
 * <p>Threading: like every {@link Handler}, called by one thread at a time; its state needs no locking. It
 * never blocks: the session queues requests to the hub.
 */
final class LineHandler implements Handler, LineDecoder.Listener, TelnetFilter.Listener {

    private static final Logger log = LoggerFactory.getLogger(LineHandler.class);

    private final ChatHub hub;
    private final LineFormat format;
    private final LineDecoder decoder;
    private final TelnetFilter telnet = new TelnetFilter(this);
    private final FloodGate flood;
    /** The front-end's open connections, shared (and concurrent): this one is in it while open. */
    private final Set<Connection> open;
    private Session session;
    private Connection connection;
    /** Set once the user quit or was cut off: whatever else arrives is ignored. */
    private boolean done;

    LineHandler(ChatHub hub, LineFormat format, Set<Connection> open, int maxLine, int rate, int burst) {
        this.hub = hub;
        this.open = open;
        this.format = format;
        this.decoder = new LineDecoder(maxLine, this);
        this.flood = new FloodGate(rate, burst, System.nanoTime());
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        open.add(connection);
        session = hub.connect(new LineSink(connection, format), connection.remoteAddress().getAddress().getHostAddress());
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (done) {
            data.position(data.limit());
            return;
        }
        telnet.feed(data);
    }

    @Override
    public void data(ByteBuffer text) {
        decoder.decode(text);
    }

    /**
     * Sent through the session, so a TIMING-MARK answer follows the replies to everything typed before it.
     * Answers count against the flood limit like lines, or a stream of commands would be free output.
     */
    @Override
    public void reply(byte[] bytes) {
        if (!done && admitted()) {
            session.echo(bytes);
        }
    }

    @Override
    public void interrupt() {
        decoder.discardLine();
    }

    @Override
    public void areYouThere() {
        if (!done && admitted()) {
            session.echo(LineFormat.notice("yes, still here"));
        }
    }

    @Override
    public void line(ByteBuffer line) {
        if (done || !admitted()) {
            return;
        }
        String text = clean(StandardCharsets.UTF_8.decode(line).toString());
        done = !Commands.execute(session, text);
    }

    @Override
    public void overlong(long length) {
        if (!done && admitted()) {
            session.echo(LineFormat.error("line too long (max " + decoder.maxLine() + " bytes): not sent"));
        }
    }

    @Override
    public void onClose(Connection connection) {
        open.remove(connection);
        if (session != null) {
            session.closed();
        }
    }

    /** Counts a line against the flood limit; false when it is to be dropped. */
    private boolean admitted() {
        switch (flood.check(System.nanoTime())) {
            case PASS -> {
                return true;
            }
            case WARN -> session.echo(LineFormat.error("slow down: you are sending too fast; lines are being dropped"));
            case DROP -> {
            }
            case DISCONNECT -> {
                done = true;
                log.info("chat: conn#{} disconnected for flooding", connection.id());
                session.quit("flooding");
            }
        }
        return false;
    }

    /** Control characters would let a user redraw other users' terminals: tabs become spaces, the rest go. */
    static String clean(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c < 0xA0);
            if (control && b == null) {
                b = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (b != null) {
                if (c == '\t') {
                    b.append(' ');
                } else if (!control) {
                    b.append(c);
                }
            }
        }
        return (b == null ? text : b.toString()).strip();
    }
}
