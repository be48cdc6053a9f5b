package io.wharf.chat.line;

import io.wharf.chat.domain.ChatEvent;
import io.wharf.chat.domain.ChatSink;
import io.wharf.core.spi.Connection;

/**
 * Writes a session's events to its connection as text lines; the last event, {@link ChatEvent.Disconnected},
 * also closes it once written. A client that stops reading is the connection's business: its output queues
 * up to {@code max_outbox}, past which the connection is dropped (and logged) without holding anyone up.
 *
 * <p>Threading: called on the hub thread; {@link Connection#write} queues without blocking under every model
 * (the hub is never a connection's own thread).
 */
final class LineSink implements ChatSink {

    private final Connection connection;
    private final LineFormat format;

    LineSink(Connection connection, LineFormat format) {
        this.connection = connection;
        this.format = format;
    }

    @Override
    public void deliver(ChatEvent event) {
        connection.write(format.encode(event));
        if (event instanceof ChatEvent.Disconnected) {
            connection.close();
        }
    }
}
