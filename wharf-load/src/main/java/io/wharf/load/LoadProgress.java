package io.wharf.load;

/**
 * Live progress, called from a timer thread about every 250 ms. {@code totalMillis} is warm-up plus duration,
 * or 0 when the run is bounded by a request count instead. The phase hooks are called on the thread that
 * called {@link LoadGenerator#run} when the measurement window opens and closes (a benchmark samples the
 * server's CPU there); they must return quickly.
 */
@FunctionalInterface
public interface LoadProgress {

    void update(long elapsedMillis, long totalMillis, long successes, long failures, double currentRps);

    LoadProgress NONE = (a, b, c, d, e) -> { };

    /** The target answered the probe: the load is about to start (a command says what it is about to run). */
    default void starting() {
    }

    /** The warm-up is over: from now on replies are measured. */
    default void measuring() {
    }

    /** The measurement window has closed; the connections are about to be closed. */
    default void measured() {
    }
}
