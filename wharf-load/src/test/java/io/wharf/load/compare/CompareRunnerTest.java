package io.wharf.load.compare;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How compare starts each server. */
class CompareRunnerTest {

    private static List<String> serveArgs(int idle, List<Integer> clients, String... serveArgs) {
        return runner(idle, clients, serveArgs).serveArgs("event", 7007, null);
    }

    private static CompareRunner runner(int idle, List<Integer> clients, String... serveArgs) {
        CompareSpec spec = new CompareSpec("echo", List.of("event"), clients, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(2), idle, Optional.empty(), "/1k.bin", List.of(serveArgs), Path.of("out"));
        return new CompareRunner(spec, (args, log) -> {
            throw new AssertionError("not started");
        }, new MatrixProgress(new PrintWriter(new StringWriter()), false, spec.cells(), Duration.ofSeconds(1)));
    }

    /** The issue's --idle 15000: every model held 10000/15000, the default max_connections. */
    @Test
    void theServersCapIsRaisedToWhatTheIdleProbeOrTheLargestCellOpens() {
        assertThat(String.join(" ", serveArgs(15_000, List.of(1, 10)))).contains("--max-connections 15016");
        assertThat(String.join(" ", serveArgs(100, List.of(1, 12_000)))).contains("--max-connections 12016");
    }

    @Test
    void aDefaultCapThatFitsIsLeftAloneAndTheUsersOwnStands() {
        assertThat(serveArgs(1000, List.of(1, 1000))).doesNotContain("--max-connections");
        List<String> own = serveArgs(15_000, List.of(1), "--max-connections=200");
        assertThat(own).containsOnlyOnce("--max-connections=200").doesNotContain("--max-connections");
    }

    @Test
    void serversLogAtInfoSoTheirLogsShowThem() {
        List<String> args = serveArgs(10, List.of(1));
        assertThat(args.get(args.indexOf("--log-level") + 1)).isEqualTo("info");
    }

    @Test
    void theProcessModelGetsSparesForTheProbeAndACapThatHoldsAHundredClients() {
        String withSpares = String.join(" ", runner(10, List.of(1, 100)).serveArgs("process", 7007, null, true));
        assertThat(withSpares).contains("--max-children 128", "--min-spare-children 5", "--stats-interval 1");
        List<String> without = runner(10, List.of(1), "--min-spare-children=3").serveArgs("process", 7007, null, false);
        assertThat(String.join(" ", without.subList(without.size() - 4, without.size())))
                .isEqualTo("--min-spare-children 0 --max-spare-children 0");
        assertThat(runner(10, List.of(1), "--max-children=64").serveArgs("process", 7007, null, true))
                .doesNotContain("--max-children");
        assertThat(CompareRunner.processWarmup(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(CompareRunner.processWarmup(100)).isEqualTo(Duration.ofSeconds(75));
        assertThat(CompareRunner.processWarmup(1000)).isEqualTo(Duration.ofSeconds(96));
    }
}
