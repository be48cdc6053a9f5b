package io.wharf.bench.http;

import io.wharf.bench.Args;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The HTTP benchmark's options, parsed from {@code --name value} arguments (see {@link #USAGE}). */
record HttpBenchOptions(List<HttpTarget> targets, Duration warmup, Duration duration, int rounds, int connections,
                        int threads, Path wharfJar, Path nginx, Path wrk, Path outDir,
                        Optional<String> tracingEndpoint, boolean help) {

    static final String USAGE = """
            usage: bench/http.sh [options]
              --models LIST       wharf models to run, comma-separated, or none (default event,reactor);
                                  wharf's figure in the ratios is its best model's median
              --peers LIST        nginx, jetty, or none (default nginx,jetty)
              --warmup D          wrk warm-up before each measurement, not recorded (default 3s)
              --duration D        wrk measurement per target and file (default 10s)
              --rounds R          sweeps over all targets, interleaved; medians are reported (default 3)
              --connections N     wrk keep-alive connections (default 50)
              --threads T         wrk threads (default 1)
              --wharf-jar PATH    wharf launcher (default wharf-cli/target/wharf.jar)
              --nginx PATH        nginx binary (default: nginx on the PATH, else /usr/sbin/nginx)
              --wrk PATH          wrk binary (default: wrk on the PATH)
              --out DIR           where the CSV goes (default bench-results)
              --tracing LIST      wharf's tracing per run, comma-separated: off, or a sampling ratio (0 to 1)
                                  with [tracing] on; each is its own target in the same rounds, its cost
                                  printed against off (default off; e.g. off,0,1)
              --tracing-endpoint URL  OTLP/HTTP traces URL for the traced runs (default: a receiver inside
                                  the bench that reads each export and answers 200, as a collector would)
            durations: whole seconds, 10s or 2m (a bare number is seconds), as wrk takes them""";

    private static final Set<String> OPTIONS = Set.of("models", "peers", "warmup", "duration", "rounds",
            "connections", "threads", "wharf-jar", "nginx", "wrk", "out", "tracing", "tracing-endpoint");

    HttpBenchOptions {
        targets = List.copyOf(targets);
    }

    static HttpBenchOptions parse(String[] argv) {
        Args args = Args.parse(argv, OPTIONS);
        int connections = args.positiveInt("connections", 50);
        List<HttpTarget> targets = new ArrayList<>();
        List<Optional<String>> tracing = tracing(args);
        for (String model : orNone(args.list("models", List.of("event", "reactor")))) {
            HttpTarget wharf = HttpTarget.wharf(model, connections);
            for (Optional<String> ratio : tracing) {
                targets.add(ratio.map(wharf::traced).orElse(wharf));
            }
        }
        for (String peer : orNone(args.list("peers", List.of("nginx", "jetty")))) {
            targets.add(switch (peer.toLowerCase(Locale.ROOT)) {
                case "nginx" -> HttpTarget.NGINX;
                case "jetty" -> HttpTarget.JETTY;
                default -> throw new IllegalArgumentException("unknown peer '" + peer + "' (known: nginx, jetty)");
            });
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("nothing to measure: --models and --peers are both none");
        }
        return new HttpBenchOptions(targets.stream().distinct().toList(),
                wholeSeconds(args, "warmup", Duration.ofSeconds(3)),
                wholeSeconds(args, "duration", Duration.ofSeconds(10)),
                args.positiveInt("rounds", 3),
                connections,
                args.positiveInt("threads", 1),
                Path.of(args.string("wharf-jar", "wharf-cli/target/wharf.jar")),
                Path.of(args.string("nginx", onPath("nginx", Path.of("/usr/sbin/nginx")))),
                Path.of(args.string("wrk", onPath("wrk", Path.of("wrk")))),
                Path.of(args.string("out", "bench-results")),
                Optional.ofNullable(args.string("tracing-endpoint", null)),
                args.help());
    }

    /** {@code --tracing LIST}: each run's sampling ratio, empty for off. */
    private static List<Optional<String>> tracing(Args args) {
        List<Optional<String>> out = new ArrayList<>();
        for (String item : args.list("tracing", List.of("off"))) {
            String ratio = item.trim();
            if (ratio.equalsIgnoreCase("off")) {
                out.add(Optional.empty());
                continue;
            }
            double r;
            try {
                r = Double.parseDouble(ratio);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tracing: '" + ratio + "' is neither off nor a number from 0 to 1");
            }
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("--tracing: '" + ratio + "' is not between 0 and 1");
            }
            out.add(Optional.of(ratio));
        }
        return out.stream().distinct().toList();
    }

    /** Whether any run has tracing on. */
    boolean traces() {
        return targets.stream().anyMatch(t -> t.tracing().isPresent());
    }

    boolean runs(HttpTarget.Kind kind) {
        return targets.stream().anyMatch(t -> t.kind() == kind);
    }

    private static List<String> orNone(List<String> items) {
        return items.size() == 1 && items.get(0).equalsIgnoreCase("none") ? List.of() : items;
    }

    private static Duration wholeSeconds(Args args, String name, Duration fallback) {
        Duration d = args.duration(name, fallback);
        if (d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("--" + name + ": wrk takes whole seconds, got " + d.toMillis() + " ms");
        }
        return d;
    }

    /** The first {@code name} on the PATH, else {@code fallback} (as a string, for {@link Args#string}). */
    private static String onPath(String name, Path fallback) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return fallback.toString();
    }
}
