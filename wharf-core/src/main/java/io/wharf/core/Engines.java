package io.wharf.core;

import io.wharf.core.model.blocking.IterativeEngine;
import io.wharf.core.model.blocking.PoolEngine;
import io.wharf.core.model.blocking.ThreadPerConnectionEngine;
import io.wharf.core.model.nio.EventEngine;
import io.wharf.core.model.nio.ReactorEngine;

/** Picks the {@link Engine} that implements a {@link Model}. */
final class Engines {

    private Engines() {
    }

    static Engine create(Model model) {
        return switch (model) {
            case ITERATIVE -> new IterativeEngine();
            case THREAD -> new ThreadPerConnectionEngine(false);
            case VIRTUAL -> new ThreadPerConnectionEngine(true);
            case POOL -> new PoolEngine();
            case EVENT -> new EventEngine();
            case REACTOR -> new ReactorEngine();
            case PROCESS, PREFORK -> throw new IllegalArgumentException("the " + model.id() + " model runs several "
                    + "JVMs: wharf serve starts them; a Server runs in-process models only");
        };
    }
}
