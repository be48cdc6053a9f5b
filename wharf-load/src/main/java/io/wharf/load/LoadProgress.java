package io.wharf.load;

/**
 * Live progress, called from a timer thread about every 250 ms.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature); replaced at merge.
 */
public interface LoadProgress {

    void update(long elapsedMillis, long totalMillis, long successes, long failures, double currentRps);

    LoadProgress NONE = (a, b, c, d, e) -> {
    };
}
