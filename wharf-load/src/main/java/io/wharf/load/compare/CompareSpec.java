package io.wharf.load.compare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code wharf compare} runs; immutable. {@code protocol} is {@code echo} or {@code http}. Each cell loads
 * the server for {@code warmup} then measures for {@code duration}; a client waiting longer than
 * {@code timeout} for a reply counts as a timeout. {@code idleConnections} sockets measure memory per
 * connection (0 skips it). For http, {@code root} and {@code httpPath} name the file to GET; with no root a
 * folder holding a 1 KiB file is generated. {@code serveArgs} go to every {@code wharf serve} as they are.
 */
public record CompareSpec(String protocol, List<String> models, List<Integer> clients, Duration duration,
                          Duration warmup, Duration timeout, int idleConnections, Optional<Path> root,
                          String httpPath, List<String> serveArgs, Path outDir) {

    public CompareSpec {
        models = List.copyOf(models);
        clients = List.copyOf(clients);
        serveArgs = List.copyOf(serveArgs);
    }

    public int cells() {
        return models.size() * clients.size();
    }

    /** How long a cell should take at most before it is abandoned as stalled. */
    public Duration cellLimit() {
        return warmup.plus(duration).plus(timeout).plusSeconds(10);
    }
}
