package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsMatchTheIssue() {
        BenchOptions o = BenchOptions.parse(new String[0]);

        assertThat(o.targets()).extracting(Target::name)
                .containsExactly("thread", "virtual", "pool", "event", "reactor", "netty", "netty-n");
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(o.eventLoops()).isEqualTo(cores);
        assertThat(o.targets()).extracting(Target::eventLoops).containsExactly(0, 0, 0, 1, cores, 1, cores);
        assertThat(o.connections()).isEqualTo(50);
        assertThat(o.size()).isEqualTo(64);
        assertThat(o.threads()).isEqualTo(1);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.wharfJar()).isEqualTo(Path.of("wharf-cli/target/wharf.jar"));
        assertThat(o.needsWharf()).isTrue();
    }

    @Test
    void nettyAloneOrIterativeUnderLoadNeedsNoWharfJar() {
        assertThat(BenchOptions.parse(new String[] {"--targets", "netty"}).needsWharf()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"--targets", "netty,netty-n"}).needsWharf()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"--targets", "iterative,netty"}).needsWharf()).isFalse();
        assertThat(BenchOptions.parse(new String[] {"--targets", "iterative", "--connections", "1"}).needsWharf())
                .isTrue();
    }

    @Test
    void targetsAreCaseInsensitiveAndDeduplicated() {
        BenchOptions o = BenchOptions.parse(new String[] {"--targets", "Event, netty,event"});

        assertThat(o.targets()).extracting(Target::name).containsExactly("event", "netty");
    }

    @Test
    void nettyNRunsAsManyLoopsAsTheReactor() {
        BenchOptions o = BenchOptions.parse(new String[] {"--targets", "reactor,netty-n,netty", "--event-loops", "3"});

        assertThat(o.eventLoops()).isEqualTo(3);
        assertThat(o.targets()).extracting(Target::name, Target::eventLoops)
                .containsExactly(tuple("reactor", 3), tuple("netty-n", 3), tuple("netty", 1));
        assertThat(Target.parse("NETTY-N", 4).isNetty()).isTrue();
        assertThat(Target.parse("netty-n", 4).model()).isEmpty();
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--event-loops", "0"}))
                .hasMessageContaining("--event-loops");
    }

    @Test
    void rejectsUnknownTargets() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--targets", "event,jetty"}))
                .hasMessageContaining("'jetty'").hasMessageContaining("netty-n");
    }

    @Test
    void iterativeCannotHoldManyClients() {
        assertThat(Target.parse("iterative").cannotHold(50)).contains("cannot hold 50 clients");
        assertThat(Target.parse("iterative").cannotHold(1)).isEmpty();
        assertThat(Target.parse("event").cannotHold(50)).isEmpty();
    }

    @Test
    void launchesWharfAndNettyWithTheSameJava() {
        ServerLauncher launcher = new ServerLauncher(Path.of("/jdk/bin/java"), "bench.jar", Path.of("wharf.jar"));

        assertThat(launcher.command(Target.parse("event"), 7000, 50)).containsExactly("/jdk/bin/java", "-jar",
                "wharf.jar", "serve", "echo", "--raw", "--model", "event", "--port", "7000", "--log-level", "warn");
        assertThat(launcher.command(Target.parse("pool"), 7000, 50)).endsWith("--threads", "50");
        assertThat(launcher.command(Target.parse("netty"), 7000, 50)).containsExactly("/jdk/bin/java", "-cp",
                "bench.jar", "io.wharf.bench.NettyEchoServer", "7000", "1");
    }

    @Test
    void reactorAndNettyNAreStartedWithTheSameLoopCount() {
        ServerLauncher launcher = new ServerLauncher(Path.of("/jdk/bin/java"), "bench.jar", Path.of("wharf.jar"));

        assertThat(launcher.command(Target.parse("reactor", 3), 7000, 50)).containsExactly("/jdk/bin/java", "-jar",
                "wharf.jar", "serve", "echo", "--raw", "--model", "reactor", "--port", "7000", "--log-level", "warn",
                "--event-loops", "3");
        assertThat(launcher.command(Target.parse("netty-n", 3), 7000, 50)).containsExactly("/jdk/bin/java", "-cp",
                "bench.jar", "io.wharf.bench.NettyEchoServer", "7000", "3");
    }
}
