package io.wharf.load.compare;

/**
 * One look at a server from /proc: resident memory, live threads, open file descriptors, how many of those are
 * sockets, and how many processes it is (the process and its descendants: prefork's workers, the process
 * model's children; all summed). A value the kernel would not give (the process is gone, not Linux) is -1.
 */
public record ProcSample(long rssBytes, int threads, int fds, int sockets, int processes) {

    public static final ProcSample NONE = new ProcSample(-1, -1, -1, -1, -1);

    /** One process whose descriptors are all sockets, as tests build them. */
    public ProcSample(long rssBytes, int threads, int fds) {
        this(rssBytes, threads, fds, fds, rssBytes < 0 ? -1 : 1);
    }

    /** The larger of each field: the peaks over a run. */
    public ProcSample max(ProcSample o) {
        return new ProcSample(Math.max(rssBytes, o.rssBytes), Math.max(threads, o.threads), Math.max(fds, o.fds),
                Math.max(sockets, o.sockets), Math.max(processes, o.processes));
    }
}
