package io.wharf.bench;

import io.wharf.core.Model;
import java.util.Locale;
import java.util.Optional;

/**
 * One server the echo benchmark measures: wharf under one {@link Model}, Netty with one event loop ({@code netty},
 * the peer of wharf's {@code event} model), or Netty with as many event loops as the {@code reactor} runs
 * ({@code netty-n}, the reactor's peer).
 *
 * @param name       what {@code --targets} calls it, and how the report and CSV name it
 * @param eventLoops the event loops the server runs: 1 for {@code event} and {@code netty}, the reactor's count for
 *                   {@code reactor} and {@code netty-n}; 0 where the target has no event loops (the blocking models)
 */
record Target(String name, int eventLoops) {

    static final String NETTY = "netty";
    static final String NETTY_N = "netty-n";

    /**
     * @param reactorLoops the event loops of the {@code reactor} target, which {@code netty-n} runs too
     */
    static Target parse(String raw, int reactorLoops) {
        if (reactorLoops < 1) {
            throw new IllegalArgumentException("the reactor needs at least one event loop, got " + reactorLoops);
        }
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (name.equals(NETTY)) {
            return new Target(name, 1);
        }
        if (name.equals(NETTY_N)) {
            return new Target(name, reactorLoops);
        }
        Optional<Model> model = Model.byId(name);
        if (model.isPresent()) {
            return new Target(name, switch (model.get()) {
                case EVENT -> 1;
                case REACTOR -> reactorLoops;
                default -> 0;
            });
        }
        throw new IllegalArgumentException("unknown target '" + raw + "' (known: " + Model.ids() + ", " + NETTY
                + ", " + NETTY_N + ")");
    }

    /** As {@link #parse(String, int)} with the reactor's default event loops: one per core. */
    static Target parse(String raw) {
        return parse(raw, Runtime.getRuntime().availableProcessors());
    }

    /** Netty's echo server, with one loop or with the reactor's count. */
    boolean isNetty() {
        return name.equals(NETTY) || name.equals(NETTY_N);
    }

    /** The wharf model this target runs, empty for Netty. */
    Optional<Model> model() {
        return isNetty() ? Optional.empty() : Model.byId(name);
    }

    /**
     * Why this target cannot take the load at all, if so: the iterative model serves one client at a time, so
     * with more than one connection every other client would wait forever.
     */
    Optional<String> cannotHold(int connections) {
        return model().filter(m -> m == Model.ITERATIVE && connections > 1)
                .map(m -> "cannot hold " + connections + " clients");
    }

    @Override
    public String toString() {
        return name;
    }
}
