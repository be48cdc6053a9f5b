package io.wharf.load.compare;

/**
 * One look at a process from /proc: resident memory, live threads and open file descriptors. A value the
 * kernel would not give (the process is gone, not Linux) is -1.
 */
public record ProcSample(long rssBytes, int threads, int fds) {

    public static final ProcSample NONE = new ProcSample(-1, -1, -1);

    /** The larger of each field: the peaks over a run. */
    public ProcSample max(ProcSample o) {
        return new ProcSample(Math.max(rssBytes, o.rssBytes), Math.max(threads, o.threads), Math.max(fds, o.fds));
    }
}
