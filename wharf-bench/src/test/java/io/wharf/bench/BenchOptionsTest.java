package io.wharf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsMatchTheIssue() {
        BenchOptions o = BenchOptions.parse(new String[0]);

        assertThat(o.targets()).extracting(Target::name)
                .containsExactly("thread", "virtual", "pool", "event", "reactor", "netty");
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
    void rejectsUnknownTargets() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--targets", "event,jetty"}))
                .hasMessageContaining("'jetty'").hasMessageContaining("netty");
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
                "bench.jar", "io.wharf.bench.NettyEchoServer", "7000");
    }
}
