package io.wharf.core.model.process;

import io.wharf.core.Engine;
import io.wharf.core.ServerContext;
import io.wharf.core.model.blocking.ThreadPerConnectionEngine;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code process} model: a virtual thread per connection in the accepting process relays the client's
 * bytes to and from the connection's own child process ({@link RelayService}), or hands the child the socket
 * itself, so one client's crash harms no other. Spare children wait, warmed, for the next connections
 * ({@link SparePool}). Threading: as {@link Engine}.
 */
public final class ProcessEngine implements Engine {

    private final ThreadPerConnectionEngine relays = new ThreadPerConnectionEngine(true);
    private final RelayService service;

    /** @param service the listener's service, which must be the relay this engine's connections run */
    public ProcessEngine(RelayService service) {
        this.service = service;
    }

    @Override
    public void start(ServerSocketChannel listener, ServerContext context) throws IOException {
        service.start(context);
        relays.start(listener, context);
    }

    @Override
    public void stopAccepting() {
        relays.stopAccepting();
        service.stopSpares();
    }

    @Override
    public void close() {
        relays.close();
        service.close();
    }

    @Override
    public Map<String, Long> gauges() {
        Map<String, Long> g = new HashMap<>(relays.gauges());
        g.putAll(service.gauges());
        return g;
    }
}
