package io.wharf.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The echo benchmark's options, parsed from {@code --name value} arguments (see {@link #USAGE}). */
record BenchOptions(Duration warmup, Duration duration, int rounds, int connections, int size, int threads,
                    int eventLoops, List<Target> targets, Path wharfJar, Path outDir, boolean help) {

    static final List<String> DEFAULT_TARGETS = List.of("thread", "virtual", "pool", "event", "reactor", "netty",
            "netty-n");

    static final String USAGE = """
            usage: bench/echo.sh [options]
              --targets LIST      comma-separated: thread, virtual, pool, event, reactor, netty, netty-n (default:
                                  all of these); iterative only if asked, and it cannot hold more than 1 connection;
                                  netty runs one event loop, netty-n as many as reactor
              --event-loops N     event loops of reactor, and so of netty-n (default: one per core, the reactor's
                                  own default)
              --warmup D          warm-up per run, not recorded (default 3s)
              --duration D        measurement per run (default 10s)
              --rounds R          sweeps over all targets, interleaved; medians are reported (default 3)
              --connections N     concurrent closed-loop connections (default 50)
              --size B            message size in bytes (default 64)
              --threads T         load-client threads (default 1)
              --wharf-jar PATH    wharf launcher (default wharf-cli/target/wharf.jar)
              --out DIR           where the CSV goes (default bench-results)
            durations: 10s, 500ms, 2m (a bare number is seconds)""";

    private static final Set<String> OPTIONS = Set.of("targets", "warmup", "duration", "rounds", "connections",
            "size", "threads", "event-loops", "wharf-jar", "out");

    BenchOptions {
        targets = List.copyOf(targets);
    }

    static BenchOptions parse(String[] argv) {
        Args args = Args.parse(argv, OPTIONS);
        int eventLoops = args.positiveInt("event-loops", Runtime.getRuntime().availableProcessors());
        List<Target> targets = args.list("targets", DEFAULT_TARGETS).stream().map(t -> Target.parse(t, eventLoops))
                .distinct().toList();
        return new BenchOptions(
                args.duration("warmup", Duration.ofSeconds(3)),
                args.duration("duration", Duration.ofSeconds(10)),
                args.positiveInt("rounds", 3),
                args.positiveInt("connections", 50),
                args.positiveInt("size", 64),
                args.positiveInt("threads", 1),
                eventLoops,
                targets,
                Path.of(args.string("wharf-jar", "wharf-cli/target/wharf.jar")),
                Path.of(args.string("out", "bench-results")),
                args.help());
    }

    boolean needsWharf() {
        return targets.stream().anyMatch(t -> !t.isNetty() && t.cannotHold(connections).isEmpty());
    }

    /** Raw echo, closed loop, keep-alive: the load every target gets. */
    io.wharf.load.LoadSpec load(int port) {
        return io.wharf.load.LoadSpec.of(io.wharf.load.TargetKind.ECHO_RAW, "127.0.0.1", port)
                .withConnections(connections).withMessageSize(size).withThreads(threads)
                .withWarmup(warmup).withDuration(duration);
    }
}
