package io.wharf.load.scenario.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.load.LoadCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each verdict on made-up series: what saturated first, from when, and none when nothing did. */
class BottlenecksTest {

    private static final LoadCurve CURVE = new LoadCurve(LoadCurve.Mode.RATE, List.of(
            new LoadCurve.Stage("ramp", 5_000_000_000L, 0, 50_000), new LoadCurve.Stage("hold", 5_000_000_000L,
                    50_000, 50_000)));

    /** One second of a run: the server's busiest thread, the generator's, server cores, accept queue, overflows. */
    private static SystemSample second(int s, double serverBusy, double generatorBusy, double serverCpu,
                                       long queued, long overflows) {
        return new SystemSample(s * 1000L, 1_700_000_000_000L + s * 1000L, s < 5 ? 0 : 1, s * 10_000.0,
                s * 10_000.0, List.of(new ThreadLoad("wharf-event-lo", serverBusy * 0.9, serverBusy),
                        new ThreadLoad("C2 CompilerThre", 1.0, 1.0)), serverCpu, 100 << 20, 40, 20,
                List.of(new ThreadLoad("wharf-load-0", generatorBusy * 0.8, generatorBusy)), generatorBusy * 0.8,
                Map.of("ListenOverflows", overflows), queued, 128, -1, -1);
    }

    @Test
    void gcPausesTakingATenthOfTheTimeAreNamed() {
        List<SystemSample> run = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            SystemSample x = second(s, 0.5, 0.4, 0.6, 0, 0);
            run.add(new SystemSample(x.endMillis(), x.epochMillis(), x.stage(), x.rate(), x.target(),
                    x.serverThreads(), x.serverCpu(), x.serverRss(), x.serverFds(), x.serverThreadCount(),
                    x.generatorThreads(), x.generatorCpu(), x.tcp(), 0, 128, 4, s >= 3 ? 250 : 20));
        }
        List<Bottlenecks.Finding> found = Bottlenecks.find(run, CURVE, 2);
        assertThat(found).extracting(Bottlenecks.Finding::kind).containsExactly(Bottlenecks.Kind.GC);
        assertThat(found.get(0).fromMillis()).isEqualTo(3000);
        assertThat(found.get(0).text()).contains("paused it for 25% of the time (24 pauses, 1040 ms in the run)");
    }

    @Test
    void nothingSaturatedGivesNoVerdict() {
        List<SystemSample> calm = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            calm.add(second(s, 0.5, 0.4, 0.6, 0, 0)); // the JIT thread's 100% is warm-up, not the load
        }
        assertThat(Bottlenecks.find(calm, CURVE, 2)).isEmpty();
        assertThat(Bottlenecks.text(List.of(), true)).startsWith("bottleneck  none");
        assertThat(Bottlenecks.text(List.of(), false)).isEmpty();
    }

    @Test
    void oneServerThreadBusyWhileCoresAreSpareIsCpuBoundOnOneThread() {
        List<SystemSample> run = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            run.add(second(s, s >= 3 ? 0.99 : 0.6, 0.4, 1.0, 0, 0));
        }
        run.set(3, second(4, 0.7, 0.4, 1.0, 0, 0)); // second 3 alone is a blip; 5 and 6 in a row count
        List<Bottlenecks.Finding> found = Bottlenecks.find(run, CURVE, 2);
        assertThat(found).extracting(Bottlenecks.Finding::kind).containsExactly(Bottlenecks.Kind.SERVER_THREAD);
        Bottlenecks.Finding f = found.get(0);
        assertThat(f.fromMillis()).isEqualTo(5000);
        assertThat(f.text()).contains("(stage 2 'hold', 50,000 req/s)", "`wharf-event-lo` was busy 99%",
                "generator's busiest thread was busy 40%", "CPU-bound on one thread", "reactor");
    }

    @Test
    void aFullAcceptQueueSaysRaiseTheBacklog() {
        List<SystemSample> run = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            run.add(second(s, 0.3, 0.3, 0.3, s >= 4 ? 128 : 3, s >= 4 ? 400 : 0));
        }
        List<Bottlenecks.Finding> found = Bottlenecks.find(run, CURVE, 2);
        assertThat(found).extracting(Bottlenecks.Finding::kind).containsExactly(Bottlenecks.Kind.ACCEPT_QUEUE);
        assertThat(found.get(0).fromMillis()).isEqualTo(4000);
        assertThat(found.get(0).text()).contains("accept queue was full (128 waiting, backlog 128)",
                "overflowed 1200 times", "raise its backlog");
    }

    @Test
    void aBusyGeneratorSaysItsFiguresAreNotTheServersLimit() {
        List<SystemSample> run = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            run.add(second(s, 0.5, s >= 2 ? 0.97 : 0.5, 0.8, 0, 0));
        }
        List<Bottlenecks.Finding> found = Bottlenecks.find(run, CURVE, 2);
        assertThat(found).extracting(Bottlenecks.Finding::kind).containsExactly(Bottlenecks.Kind.GENERATOR);
        assertThat(found.get(0).text()).contains("generator itself saturated", "--threads", "`wharf-load-0`");
    }

    @Test
    void findingsComeInTheOrderTheResourcesRanOut() {
        List<SystemSample> run = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            run.add(second(s, s >= 5 ? 0.95 : 0.5, s >= 2 ? 0.95 : 0.5, 1.9, s >= 7 ? 128 : 0, 0));
        }
        // the server used 1.9 of 2 cores throughout: all its cores, not one thread
        assertThat(Bottlenecks.find(run, CURVE, 2)).extracting(Bottlenecks.Finding::kind).containsExactly(
                Bottlenecks.Kind.SERVER_CPU, Bottlenecks.Kind.GENERATOR, Bottlenecks.Kind.ACCEPT_QUEUE);
        String text = Bottlenecks.text(Bottlenecks.find(run, CURVE, 2), true);
        assertThat(text).startsWith("bottleneck  from ").contains("\n  then      from ");
    }

    @Test
    void withoutALoadNothingCounts() {
        List<SystemSample> idle = new ArrayList<>();
        for (int s = 0; s < 1; s++) {
            idle.add(second(0, 0.99, 0.99, 0.5, 0, 0)); // rate and target 0: before the load began
        }
        idle.add(second(0, 0.99, 0.99, 0.5, 0, 0));
        assertThat(Bottlenecks.find(idle, CURVE, 2)).isEmpty();
    }
}
