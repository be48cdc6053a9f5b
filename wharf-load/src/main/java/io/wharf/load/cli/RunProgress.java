package io.wharf.load.cli;

import io.wharf.load.LoadProgress;

/**
 * What a load command shows while it runs: once the target has answered, what is about to run (so a long run
 * says what it is before it ends), then the live line, when there is one.
 *
 * <p>Threading: {@link #starting} and the phase hooks on the run's thread, {@link #update} on its timer's.
 */
final class RunProgress implements LoadProgress {

    private final Runnable announce;
    private final LoadProgress line;

    /** {@code line} may be {@link LoadProgress#NONE}. */
    RunProgress(Runnable announce, LoadProgress line) {
        this.announce = announce;
        this.line = line;
    }

    @Override
    public void starting() {
        announce.run();
        line.starting();
    }

    @Override
    public void update(long elapsedMillis, long totalMillis, long successes, long failures, double currentRps) {
        line.update(elapsedMillis, totalMillis, successes, failures, currentRps);
    }

    @Override
    public void measuring() {
        line.measuring();
    }

    @Override
    public void measured() {
        line.measured();
    }
}
