package io.wharf.bench;

import io.wharf.core.Model;
import java.util.Locale;
import java.util.Optional;

/** One server the echo benchmark measures: wharf under one {@link Model}, or Netty ({@code netty}). */
record Target(String name) {

    static final String NETTY = "netty";

    static Target parse(String raw) {
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (name.equals(NETTY) || Model.byId(name).isPresent()) {
            return new Target(name);
        }
        throw new IllegalArgumentException("unknown target '" + raw + "' (known: " + Model.ids() + ", " + NETTY + ")");
    }

    boolean isNetty() {
        return name.equals(NETTY);
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
