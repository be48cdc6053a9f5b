package io.wharf.echo;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;

/**
 * Raw echo: every received byte goes straight back, exactly as received, with no banner and no notion of
 * lines. The input buffer is handed to the connection as is (no copy here), which makes this the baseline
 * the benchmarks measure each model with.
 *
 * <p>Back-pressure: one write takes the whole buffer (the connection copies only what the socket did not
 * take), which may leave the connection unwritable; then it stops reading, and input that arrives while it
 * is unwritable is left unconsumed, for the connection to hand over again once it is writable.
 *
 * <p>Threading: stateless; called like any {@link Handler}, one thread at a time.
 */
public final class RawEchoHandler implements Handler {

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (connection.writable()) {
            connection.write(data);
        }
    }
}
