package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wharf doctor}'s verdict on given limits: a failure is exit 1, a warning is not (issue 12). */
class DoctorCommandTest {

    private static OptionalLong of(long v) {
        return OptionalLong.of(v);
    }

    /** A stock Debian 12 kernel: somaxconn 4096, tcp_max_syn_backlog 2048, generous everything else. */
    private static SystemLimits debian(long openFiles) {
        return new SystemLimits(of(openFiles), of(1_048_576), of(63_000), of(4096), of(2048), of(32768), of(60999),
                of(16_000_000), of(12_000_000), of(9_223_372_036_854_775_807L));
    }

    private static Config shipped() throws Exception {
        return Config.load(Path.of("../conf/server.conf").toAbsolutePath().normalize(), ServeCommand.schema());
    }

    private record Run(int code, String out) {
    }

    private static Run doctor(Config c, SystemLimits l, int width) {
        StringWriter out = new StringWriter();
        int code = DoctorCommand.report(c, l, new PrintWriter(out, true), width);
        return new Run(code, out.toString());
    }

    @Test
    void theShippedConfigOnAStockKernelPassesWithAWarning() throws Exception {
        Run r = doctor(shipped(), debian(1_048_576), 100);
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("verdict: OK", "1 warning(s)", "warning: low (want 4096)",
                "sysctl -w net.ipv4.tcp_max_syn_backlog=4096").doesNotContain("TOO LOW");
    }

    @Test
    void aLimitThatStopsTheConnectionsIsAFailure() throws Exception {
        Run r = doctor(shipped().override(CoreKeys.MAX_CONNECTIONS, "10000", "--max-connections"), debian(1024), 100);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("TOO LOW (need 10064)", "verdict: 1 limit(s) too low", "ulimit -n 10064",
                "and 1 warning(s)");
    }

    @Test
    void longNotesWrapAtTheWidth() throws Exception {
        Run r = doctor(shipped().override(CoreKeys.MAX_CONNECTIONS, "100000", "--max-connections"), debian(1024), 80);
        assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        assertThat(r.out()).contains("ulimit -n 100064");
    }
}
