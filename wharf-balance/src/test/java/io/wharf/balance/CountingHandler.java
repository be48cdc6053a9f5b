package io.wharf.balance;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;

/** A test backend: counts the bytes it receives and, once the client half-closes, answers {@code count=N}. */
final class CountingHandler implements Handler {

    private long count;

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        count += data.remaining();
        data.position(data.limit());
    }

    @Override
    public void onInputEnded(Connection connection) {
        connection.write("count=" + count + "\n");
    }
}
