package io.wharf.core.model.blocking;

import io.wharf.core.Engine;
import io.wharf.core.ServerContext;

import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/** STUB: replaced by the real engine. */
public final class ThreadPerConnectionEngine implements Engine {
    public ThreadPerConnectionEngine(boolean virtual) { }
    @Override public void start(ServerSocketChannel listener, ServerContext context) { throw new UnsupportedOperationException(); }
    @Override public void stopAccepting() { }
    @Override public void close() { }
    @Override public Map<String, Long> gauges() { return Map.of(); }
}
