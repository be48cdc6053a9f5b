package io.wharf.bench.http;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets for wharf's requests/s against its peers, checked. wharf's figure is its best model's median
 * on that file (the models are alternatives a user picks from); each peer's is its median.
 */
final class HttpGoals {

    /**
     * One target: wharf at least {@code atLeast} times the peer's requests/s on the file ({@code passes}: strictly
     * more than the peer, the goal after the first three).
     */
    record Goal(BenchFile file, HttpTarget peer, double atLeast, boolean passes) {
    }

    static final List<Goal> GOALS = List.of(
            new Goal(BenchFile.SMALL, HttpTarget.JETTY, 1.2, false),
            new Goal(BenchFile.SMALL, HttpTarget.NGINX, 0.8, false),
            new Goal(BenchFile.LARGE, HttpTarget.NGINX, 0.9, false),
            new Goal(BenchFile.SMALL, HttpTarget.NGINX, 1.0, true),
            new Goal(BenchFile.LARGE, HttpTarget.NGINX, 1.0, true));

    private HttpGoals() {
    }

    /** wharf's best measured model on {@code file}, by median requests/s, tracing off (as users run it). */
    static Optional<HttpSummary> bestWharf(List<HttpSummary> summaries, BenchFile file) {
        return summaries.stream().filter(s -> s.target().isWharf() && s.target().tracing().isEmpty()
                        && s.file().equals(file) && s.measured())
                .max(Comparator.comparingDouble(HttpSummary::requestsPerSecond));
    }

    static Optional<HttpSummary> find(List<HttpSummary> summaries, HttpTarget target, BenchFile file) {
        return summaries.stream().filter(s -> s.target().equals(target) && s.file().equals(file) && s.measured())
                .findFirst();
    }

    /** {@code value / base} requests/s; empty unless both are measured. */
    static Optional<Double> ratio(Optional<HttpSummary> value, Optional<HttpSummary> base) {
        if (value.isEmpty() || base.isEmpty() || !(base.get().requestsPerSecond() > 0)) {
            return Optional.empty();
        }
        return Optional.of(value.get().requestsPerSecond() / base.get().requestsPerSecond());
    }

    /** One line per goal: MET or NOT MET with the ratio and wharf's best model, or why it could not be checked. */
    static List<String> verdicts(List<HttpSummary> summaries) {
        return GOALS.stream().map(g -> verdict(g, summaries)).toList();
    }

    static String verdict(Goal goal, List<HttpSummary> summaries) {
        String what = goal.passes()
                ? String.format(Locale.ROOT, "next goal: wharf passes %s req/s on %s", goal.peer(), goal.file().label())
                : String.format(Locale.ROOT, "goal: wharf >= %.2fx %s req/s on %s", goal.atLeast(), goal.peer(),
                        goal.file().label());
        Optional<HttpSummary> wharf = bestWharf(summaries, goal.file());
        Optional<HttpSummary> peer = find(summaries, goal.peer(), goal.file());
        if (wharf.isEmpty() || peer.isEmpty()) {
            return what + ": NOT CHECKED (no " + (wharf.isEmpty() ? "wharf" : goal.peer().name()) + " result)";
        }
        double r = ratio(wharf, peer).orElse(Double.NaN);
        boolean met = goal.passes() ? r > goal.atLeast() : r >= goal.atLeast();
        return String.format(Locale.ROOT, "%s: %s (%.2fx, best model %s)", what, met ? "MET" : "NOT MET", r,
                wharf.get().target().model().orElseThrow().id());
    }
}
