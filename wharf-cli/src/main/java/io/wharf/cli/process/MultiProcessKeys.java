package io.wharf.cli.process;

import io.wharf.core.Model;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;

/** The {@code [server]} keys of the prefork model, resolved. */
public final class MultiProcessKeys {

    private MultiProcessKeys() {
    }

    /** The configured worker count, with 0 resolved to the number of cores. */
    public static int workers(Config c) {
        int n = c.get(CoreKeys.WORKERS);
        return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
    }

    public static Model workerModel(Config c) {
        return Model.byId(c.get(CoreKeys.WORKER_MODEL)).orElseThrow();
    }
}
