package io.wharf.bench.http;

import io.wharf.core.Model;
import java.util.Locale;
import java.util.Optional;

/**
 * One server the HTTP benchmark measures: wharf under one {@link Model} ({@code wharf-event}), optionally with
 * tracing on at a sampling ratio ({@code wharf-event+trace1}), nginx, or Jetty.
 *
 * @param kind    which server
 * @param model   wharf's concurrency model; empty for the peers
 * @param tracing wharf's {@code [tracing] sampling_ratio} with tracing on; empty: tracing off (and for the peers)
 */
public record HttpTarget(Kind kind, Optional<Model> model, Optional<String> tracing) {

    /** The servers compared. */
    public enum Kind { WHARF, NGINX, JETTY }

    public static final HttpTarget NGINX = new HttpTarget(Kind.NGINX, Optional.empty(), Optional.empty());
    public static final HttpTarget JETTY = new HttpTarget(Kind.JETTY, Optional.empty(), Optional.empty());

    public HttpTarget {
        if (model.isPresent() != (kind == Kind.WHARF)) {
            throw new IllegalArgumentException("a model goes with wharf and only with wharf");
        }
        if (tracing.isPresent() && kind != Kind.WHARF) {
            throw new IllegalArgumentException("tracing is wharf's setting");
        }
    }

    public static HttpTarget wharf(Model model) {
        return new HttpTarget(Kind.WHARF, Optional.of(model), Optional.empty());
    }

    /** This wharf target with tracing on, sampling {@code ratio} of the requests. */
    public HttpTarget traced(String ratio) {
        return new HttpTarget(kind, model, Optional.of(ratio));
    }

    /** The same server with tracing off: what a traced target's cost is measured against. */
    public HttpTarget untraced() {
        return new HttpTarget(kind, model, Optional.empty());
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

    /** {@code wharf-event}, {@code wharf-event+trace0.1}, {@code nginx}, {@code jetty}. */
    public String name() {
        return model.map(m -> "wharf-" + m.id()).orElse(kind.name().toLowerCase(Locale.ROOT))
                + tracing.map(r -> "+trace" + r).orElse("");
    }

    @Override
    public String toString() {
        return name();
    }
}
