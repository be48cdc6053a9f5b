package io.wharf.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.core.Model;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpBenchOptionsTest {

    @Test
    void defaultsFollowTheIssue() {
        HttpBenchOptions o = HttpBenchOptions.parse(new String[0]);

        assertThat(o.targets()).containsExactly(HttpTarget.wharf(Model.EVENT), HttpTarget.wharf(Model.REACTOR),
                HttpTarget.NGINX, HttpTarget.JETTY);
        assertThat(o.connections()).isEqualTo(50);
        assertThat(o.threads()).isEqualTo(1);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.wharfJar()).isEqualTo(Path.of("wharf-cli/target/wharf.jar"));
        assertThat(o.wharfSettings()).isEmpty(); // tracing off
    }

    @Test
    void tracingTurnsTheSdkOnWithTheRatio() {
        HttpBenchOptions o = HttpBenchOptions.parse(new String[] {"--tracing", "1"});
        assertThat(o.wharfSettings()).containsExactly("tracing.enabled=on", "tracing.sampling_ratio=1",
                "tracing.endpoint=http://127.0.0.1:4318/v1/traces");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--tracing", "2"}))
                .hasMessage("--tracing: '2' is not between 0 and 1");
    }

    @Test
    void modelsAndPeersCanBeChosenOrLeftOut() {
        HttpBenchOptions o = HttpBenchOptions.parse(new String[] {"--models", "virtual,pool", "--peers", "none"});
        HttpBenchOptions peers = HttpBenchOptions.parse(new String[] {"--models=none", "--peers=jetty,nginx"});

        assertThat(o.targets()).extracting(HttpTarget::name).containsExactly("wharf-virtual", "wharf-pool");
        assertThat(peers.targets()).extracting(HttpTarget::name).containsExactly("jetty", "nginx");
        assertThat(peers.runs(HttpTarget.Kind.WHARF)).isFalse();
    }

    @Test
    void refusesWhatCannotRun() {
        assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--models", "iterative"}))
                .hasMessageContaining("cannot hold 50 connections");
        assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--models", "turbo"}))
                .hasMessageContaining("unknown model 'turbo'");
        assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--peers", "caddy"}))
                .hasMessageContaining("unknown peer 'caddy'");
        assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--models", "none", "--peers", "none"}))
                .hasMessageContaining("nothing to measure");
        assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--duration", "1500ms"}))
                .hasMessageContaining("whole seconds");
    }

    @Test
    void iterativeIsFineForOneConnection() {
        HttpBenchOptions o = HttpBenchOptions.parse(new String[] {"--models", "iterative", "--connections", "1", "--peers", "none"});

        assertThat(o.targets()).containsExactly(HttpTarget.wharf(Model.ITERATIVE));
    }
}
