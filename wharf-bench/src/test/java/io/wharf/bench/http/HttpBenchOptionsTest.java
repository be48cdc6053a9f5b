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
        assertThat(o.traces()).isFalse(); // tracing off
        assertThat(o.tracingEndpoint()).isEmpty();
    }

    @Test
    void eachTracingSettingIsATargetOfItsOwnBesideTracingOff() {
        HttpBenchOptions o = HttpBenchOptions.parse(new String[] {"--models", "event", "--peers", "none",
                "--tracing", "off,0,1"});
        HttpTarget event = HttpTarget.wharf(Model.EVENT);
        assertThat(o.targets()).containsExactly(event, event.traced("0"), event.traced("1"));
        assertThat(o.targets()).extracting(HttpTarget::name)
                .containsExactly("wharf-event", "wharf-event+trace0", "wharf-event+trace1");
        assertThat(o.traces()).isTrue();
        assertThat(event.traced("1").untraced()).isEqualTo(event);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--tracing", "2"}))
                .hasMessage("--tracing: '2' is not between 0 and 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpBenchOptions.parse(new String[] {"--tracing", "on"}))
                .hasMessage("--tracing: 'on' is neither off nor a number from 0 to 1");
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
