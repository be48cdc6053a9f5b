package io.wharf.balance;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.wharf.core.Model;
import io.wharf.core.testing.LineClient;
import io.wharf.echo.EchoProtocol;
import io.wharf.http.ops.ListenerMetrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A balancer's backends as the admin listener's {@code /metrics} shows them. */
class MetricsTest {

    @Test
    void backendStatesCountsAndCheckLatencyAreInTheMetrics() throws Exception {
        int dead = ProxyTest.deadPort();
        try (BalanceRig rig = new BalanceRig().backends(1, EchoProtocol.handlers(true, 1024))) {
            String up = rig.backendList();
            rig.balancer(Model.EVENT, "balance.check=tcp", "balance.check_interval=200ms", "balance.fall=1",
                    "balance.backends=" + up + ", 127.0.0.1:" + dead);
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.service().backends().get(1).state() == Backend.State.DOWN
                    && rig.service().backends().get(0).lastCheckMicros() >= 0);
            try (LineClient c = LineClient.connect(rig.address())) {
                c.send("x\n");
                assertThat(c.readLine()).isEqualTo("x");
            }
            String text = scrape(rig);
            assertThat(text)
                    .contains("wharf_balance_backend_up{backend=\"" + up + "\",listener=\"lb\"} 1.0")
                    .contains("wharf_balance_backend_up{backend=\"127.0.0.1:" + dead + "\",listener=\"lb\"} 0.0")
                    .contains("wharf_balance_backend_connections_total{backend=\"" + up + "\",listener=\"lb\"} 1.0")
                    .contains("wharf_balance_backend_transitions_total{backend=\"127.0.0.1:" + dead + "\",listener=\"lb\"} 1.0")
                    .contains("wharf_balance_backend_check_seconds{backend=\"" + up + "\"")
                    .doesNotContain("wharf_balance_backend_check_seconds{backend=\"127.0.0.1:" + dead)
                    .contains("wharf_balance_no_backend_total{listener=\"lb\"} 0.0");
        }
    }

    private static String scrape(BalanceRig rig) throws Exception {
        ListenerMetrics metrics = new ListenerMetrics(() -> List.of(
                new ListenerMetrics.Source(Labels.of("listener", "lb"), rig.server().stats(), Optional.empty())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.collect());
        return out.toString(StandardCharsets.UTF_8);
    }
}
