package io.wharf.echo;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.nio.ByteBuffer;

/**
 * Raw echo: every received byte goes straight back, exactly as received, with no banner and no notion of
 * lines. The input buffer is handed to the connection as is (no copy here), which makes this the baseline
 * the benchmarks measure each model with.
 *
 * <p>Threading: stateless; called like any {@link Handler}, one thread at a time.
 */
public final class RawEchoHandler implements Handler {

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        connection.write(data);
    }
}
