package io.wharf.load.scenario;

import io.wharf.load.LoadTarget;
import io.wharf.load.Variables;
import java.util.Set;

/**
 * A protocol a scenario's {@code target.protocol} can name: how one entry of the {@code requests} mix becomes a
 * {@link LoadTarget}. The built-ins are {@code echo}, {@code echo-raw}, {@code http} and {@code ws} ({@link Protocols});
 * others (kv, ...) plug in by implementing this and listing the class in
 * {@code META-INF/services/io.wharf.load.scenario.ScenarioProtocol}.
 *
 * <p>Threading: called once per request entry while the scenario is read, on the reading thread; the targets it
 * makes follow {@link LoadTarget}'s rules.
 */
public interface ScenarioProtocol {

    /** The name {@code target.protocol} gives, e.g. {@code http}. */
    String name();

    int defaultPort();

    /** The keys an entry of {@code requests} may have besides {@code weight}. */
    Set<String> requestKeys();

    /**
     * The target one entry asks for; {@code request} holds only {@link #requestKeys()} (an empty map when the
     * scenario lists no requests: the protocol's default request). Errors go through {@link Fields#error}.
     */
    LoadTarget request(Fields request, Context context) throws ScenarioException;

    /**
     * What every request of a scenario shares. {@code connections}: the most the run opens; {@code path}: the
     * target's {@code path} (the WebSocket's), "/" where the protocol has none.
     */
    record Context(String host, int port, boolean keepAlive, Variables variables, int connections, String path) {

        public Context(String host, int port, boolean keepAlive, Variables variables, int connections) {
            this(host, port, keepAlive, variables, connections, "/");
        }
    }
}
