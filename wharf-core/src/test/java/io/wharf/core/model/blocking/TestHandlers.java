package io.wharf.core.model.blocking;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An echo handler that hands every opened connection to the test, so the test can write to it from its
 * own (foreign) thread and watch its state. Data containing {@code boom} makes the handler throw.
 */
final class TestHandlers implements HandlerFactory {

    final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();

    @Override
    public Handler newHandler() {
        return new Handler() {
            @Override
            public void onOpen(Connection connection) {
                opened.add(connection);
            }

            @Override
            public void onData(Connection connection, ByteBuffer data) {
                if (StandardCharsets.UTF_8.decode(data.duplicate()).toString().contains("boom")) {
                    throw new IllegalStateException("boom");
                }
                connection.write(data);
            }
        };
    }
}
