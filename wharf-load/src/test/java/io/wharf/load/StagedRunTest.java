package io.wharf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a staged run adds to the generator: churn, think time, a curve of connections, and the scenario's HTTP
 * requests and mix. Bounds asserted are the ones the timetable guarantees (at most so many), never a speed.
 */
class StagedRunTest {

    private static final long S = 1_000_000_000L;

    private static LoadReport run(TestServer server, int connections, RunShape shape, List<Interval> into)
            throws Exception {
        LoadSpec spec = LoadGenerator.stagedSpec(LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", server.port())
                .withConnections(connections).withMessageSize(16), shape.curve());
        return LoadGenerator.run(spec, shape, new EchoRawTarget(16), LoadProgress.NONE, into::add);
    }

    private static LoadCurve connections(long nanos, double from, double to) {
        return new LoadCurve(LoadCurve.Mode.CONNECTIONS, List.of(new LoadCurve.Stage("s", nanos, from, to)));
    }

    @Test
    void churnOpensANewConnectionEveryNRequests() throws Exception {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadReport r = run(server, 2, new RunShape(connections(S, 2, 2), 0, 5),
                    Collections.synchronizedList(new ArrayList<>()));
            assertThat(r.successes()).isGreaterThan(10);
            assertThat((long) r.connectionsOpened()).isGreaterThanOrEqualTo(r.successes() / 5);
        }
    }

    @Test
    void thinkTimeSpacesAConnectionsRequests() throws Exception {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadReport r = run(server, 1, new RunShape(connections(3 * S / 2, 1, 1), 200_000_000L, 0),
                    Collections.synchronizedList(new ArrayList<>()));
            assertThat(r.successes()).isBetween(1L, 8L); // one request, then one per 200 ms at most
        }
    }

    @Test
    void aCurveOfConnectionsOpensThemAsItRises() throws Exception {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
            LoadReport r = run(server, 4, new RunShape(new LoadCurve(LoadCurve.Mode.CONNECTIONS, List.of(
                    new LoadCurve.Stage("up", 2 * S, 0, 4), new LoadCurve.Stage("down", S, 4, 0))), 0, 0), intervals);
            assertThat(r.successes()).isPositive();
            assertThat(intervals).hasSizeGreaterThanOrEqualTo(3);
            // one second in, the curve is at 2 (3 by a late sample); at its peak 4; the connections follow it
            assertThat(intervals.get(0).open()).isBetween(0, 3);
            assertThat(intervals).allSatisfy(i -> assertThat(i.open()).isBetween(0, 4));
            assertThat(intervals.get(0).target()).isEqualTo(1.0); // the mean of 0 -> 2 over the first second
            assertThat(intervals.stream().mapToLong(Interval::requests).sum()).isEqualTo(r.successes());
        }
    }

    @Test
    void anHttpRequestCarriesItsMethodHeadersBodyAndVariables() {
        Variables vars = new Variables() {
            @Override
            public Set<String> names() {
                return Set.of("id");
            }

            @Override
            public String value(String name, long index) {
                return Long.toString(100 + index);
            }
        };
        HttpRequestTarget t = new HttpRequestTarget("POST", RequestTemplate.compile("/items/${id}", vars.names()),
                Map.of("Content-Type", RequestTemplate.compile("application/json", vars.names())),
                RequestTemplate.compile("{\"id\":${id}}", vars.names()), "127.0.0.1", 8080, false, vars, 4);
        assertThat(new String(t.build(3), StandardCharsets.UTF_8)).isEqualTo("POST /items/103 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8080\r\nUser-Agent: wharf-load\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10\r\nConnection: close\r\n\r\n{\"id\":103}");
        // connection 1's second request takes index 1 + 1 * 4
        Exchange e = t.newExchange(1);
        e.nextRequest();
        ByteBuffer second = e.nextRequest();
        assertThat(StandardCharsets.UTF_8.decode(second).toString()).startsWith("POST /items/105 ");
    }

    @Test
    void aMixPicksByWeightRepeatably() {
        int[] picked = new int[2];
        LoadTarget a = c -> new Counting(picked, 0);
        LoadTarget b = c -> new Counting(picked, 1);
        Exchange mix = new MixTarget(List.of(a, b), List.of(3.0, 1.0)).newExchange(7);
        for (int i = 0; i < 10_000; i++) {
            mix.nextRequest();
        }
        assertThat(picked[0]).isBetween(7_200, 7_800);
        assertThat(picked[0] + picked[1]).isEqualTo(10_000);
        int first = picked[0];
        picked[0] = 0;
        picked[1] = 0;
        Exchange again = new MixTarget(List.of(a, b), List.of(3.0, 1.0)).newExchange(7);
        for (int i = 0; i < 10_000; i++) {
            again.nextRequest();
        }
        assertThat(picked[0]).isEqualTo(first); // seeded per connection
    }

    /** Counts its turns. */
    private record Counting(int[] picked, int index) implements Exchange {
        @Override
        public ByteBuffer nextRequest() {
            picked[index]++;
            return ByteBuffer.allocate(1);
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            return Reply.COMPLETE;
        }
    }

    @Test
    void aPlainRunCanCutIntervalsWarmUpIncluded() throws Exception {
        try (TestServer server = new TestServer(TestServer.echo(0))) {
            LoadSpec spec = LoadSpec.of(TargetKind.ECHO_RAW, "127.0.0.1", server.port()).withConnections(2)
                    .withDuration(Duration.ofMillis(1200)).withWarmup(Duration.ofMillis(500));
            List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
            LoadReport r = LoadGenerator.run(spec, spec.target().target(spec), LoadProgress.NONE, intervals::add);
            assertThat(intervals.get(0).stage()).isZero(); // warm-up, cut at its end
            assertThat(intervals.get(0).endMillis()).isEqualTo(500);
            // the cut at the warm-up's end is the sampler's wake-up, a few ms after the workers' own edge (more on
            // a loaded machine): the measured stage's intervals hold about the report's replies, all of them hold all
            long measured = intervals.stream().filter(i -> i.stage() == 1).mapToLong(Interval::requests).sum();
            assertThat(measured).isPositive();
            assertThat(intervals.stream().mapToLong(Interval::requests).sum()).isGreaterThanOrEqualTo(r.successes());
            assertThat(intervals.get(0).requests()).isPositive(); // the warm-up shows in the time series
            assertThat(new InetSocketAddress("127.0.0.1", server.port()).isUnresolved()).isFalse();
        }
    }
}
