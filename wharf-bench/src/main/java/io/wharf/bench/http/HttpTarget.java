package io.wharf.bench.http;

import io.wharf.core.Model;
import java.util.Locale;
import java.util.Optional;

/**
 * One server the HTTP benchmark measures: wharf under one {@link Model} ({@code wharf-event}), nginx, or Jetty.
 *
 * @param kind  which server
 * @param model wharf's concurrency model; empty for the peers
 */
public record HttpTarget(Kind kind, Optional<Model> model) {

    /** The servers compared. */
    public enum Kind { WHARF, NGINX, JETTY }

    public static final HttpTarget NGINX = new HttpTarget(Kind.NGINX, Optional.empty());
    public static final HttpTarget JETTY = new HttpTarget(Kind.JETTY, Optional.empty());

    public HttpTarget {
        if (model.isPresent() != (kind == Kind.WHARF)) {
            throw new IllegalArgumentException("a model goes with wharf and only with wharf");
        }
    }

    public static HttpTarget wharf(Model model) {
        return new HttpTarget(Kind.WHARF, Optional.of(model));
    }

    /**
     * A wharf model by its id, refused when it cannot take the load: the iterative model serves one client at a
     * time, so every other keep-alive connection would wait for the whole run.
     */
    static HttpTarget wharf(String id, int connections) {
        String name = id.trim().toLowerCase(Locale.ROOT);
        Model model = Model.byId(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + id + "' (known: " + Model.ids() + ")"));
        if (model == Model.ITERATIVE && connections > 1) {
            throw new IllegalArgumentException("the iterative model cannot hold " + connections + " connections");
        }
        return wharf(model);
    }

    public boolean isWharf() {
        return kind == Kind.WHARF;
    }

    /** {@code wharf-event}, {@code nginx}, {@code jetty}. */
    public String name() {
        return model.map(m -> "wharf-" + m.id()).orElse(kind.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name();
    }
}
