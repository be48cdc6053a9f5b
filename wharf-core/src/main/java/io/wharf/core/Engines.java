package io.wharf.core;

import io.wharf.core.model.blocking.IterativeEngine;
import io.wharf.core.model.blocking.PoolEngine;
import io.wharf.core.model.blocking.ThreadPerConnectionEngine;

/** Picks the {@link Engine} of a blocking {@link Model}; a {@link Host} makes the non-blocking ones on its shared loops. */
final class Engines {

    private Engines() {
    }

    static Engine create(Model model) {
        return switch (model) {
            case ITERATIVE -> new IterativeEngine();
            case THREAD -> new ThreadPerConnectionEngine(false);
            case VIRTUAL -> new ThreadPerConnectionEngine(true);
            case POOL -> new PoolEngine();
            case EVENT, REACTOR -> throw new IllegalArgumentException("the " + model.id() + " model runs on a host's "
                    + "shared loops");
            case PROCESS, PREFORK -> throw new IllegalArgumentException("the " + model.id() + " model runs several "
                    + "JVMs: wharf serve starts them; a Server runs in-process models only");
        };
    }
}
