package io.wharf.balance;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** 10,000 connections over 3 backends: each algorithm gives the shares its weights promise. */
class DistributionTest {

    private static final int N = 10_000;
    private static final Predicate<Backend> ANY = Backend::available;

    @Test
    void roundRobinGivesExactWeightedSharesAndInterleavesThem() {
        List<Backend> all = backends(1, 1, 2);
        Balancer rr = Balancer.named("roundrobin");
        Map<Backend, Integer> got = new HashMap<>();
        StringBuilder firstEight = new StringBuilder();
        for (int i = 0; i < N; i++) {
            Backend b = rr.pick(all, ANY, client(i));
            got.merge(b, 1, Integer::sum);
            if (i < 8) {
                firstEight.append(all.indexOf(b));
            }
        }
        assertThat(got.get(all.get(0))).isEqualTo(2500);
        assertThat(got.get(all.get(1))).isEqualTo(2500);
        assertThat(got.get(all.get(2))).isEqualTo(5000);
        assertThat(firstEight.toString()).as("smooth: the heavy one is spread out").isEqualTo("20122012");
    }

    @Test
    void leastConnectionsFillsBackendsInProportionToWeightWhileConnectionsStayOpen() {
        List<Backend> all = backends(1, 2, 3);
        Balancer lc = Balancer.named("leastconn");
        for (int i = 0; i < N - 4; i++) { // 9996 = 6 * 1666: shares come out exact
            lc.pick(all, ANY, client(i)).connecting();
        }
        assertThat(all).extracting(Backend::active).containsExactly(1666, 3332, 4998);
    }

    @Test
    void leastConnectionsSendsANewClientToTheLeastLoaded() {
        List<Backend> all = backends(1, 1, 1);
        all.get(0).connecting();
        all.get(2).connecting();
        assertThat(Balancer.named("leastconn").pick(all, ANY, client(1))).isSameAs(all.get(1));
    }

    @Test
    void twoRandomChoicesFollowsTheWeightsAndAvoidsTheLoaded() {
        List<Backend> all = backends(1, 1, 2);
        Balancer r2 = Balancer.named("random2");
        Map<Backend, Integer> got = new HashMap<>();
        for (int i = 0; i < N; i++) {
            got.merge(r2.pick(all, ANY, client(i)), 1, Integer::sum);
        }
        assertShares(all, got, 0.25, 0.25, 0.5);
        for (int i = 0; i < N; i++) { // held open: nobody gets far ahead of its weight
            r2.pick(all, ANY, client(i)).connecting();
        }
        assertThat(all.get(2).active() / (double) N).isCloseTo(0.5, within(0.03));
    }

    @Test
    void consistentHashingSpreadsClientAddressesByWeightAndKeepsEachOnItsBackend() throws Exception {
        List<Backend> all = backends(1, 1, 2);
        Balancer h = Balancer.named("hash");
        Random random = new Random(42);
        Map<Backend, Integer> got = new HashMap<>();
        Map<InetSocketAddress, Backend> first = new HashMap<>();
        for (int i = 0; i < N; i++) {
            byte[] ip = new byte[4];
            random.nextBytes(ip);
            InetSocketAddress c = new InetSocketAddress(InetAddress.getByAddress(ip), 40000 + i % 1000);
            Backend b = h.pick(all, ANY, c);
            got.merge(b, 1, Integer::sum);
            first.put(c, b);
        }
        assertShares(all, got, 0.25, 0.25, 0.5);
        Backend gone = all.get(0);
        int moved = 0;
        for (Map.Entry<InetSocketAddress, Backend> e : first.entrySet()) {
            InetSocketAddress sameIpOtherPort = new InetSocketAddress(e.getKey().getAddress(), 1);
            assertThat(h.pick(all, ANY, sameIpOtherPort)).as("sticky per address").isSameAs(e.getValue());
            Backend now = h.pick(all, b -> b != gone, e.getKey());
            if (e.getValue() != gone) {
                assertThat(now).as("only the removed backend's clients move").isSameAs(e.getValue());
            } else {
                moved++;
            }
        }
        assertThat(moved).isEqualTo(got.get(gone));
    }

    @Test
    void noUsableBackendGivesNoneWhateverTheAlgorithm() {
        List<Backend> all = backends(1, 1);
        all.forEach(b -> b.state(Backend.State.DOWN));
        for (String a : List.of("roundrobin", "leastconn", "random2", "hash")) {
            assertThat(Balancer.named(a).pick(all, ANY, client(1))).as(a).isNull();
        }
    }

    @Test
    void aRecoveringBackendRampsUpDuringItsSlowStart() {
        Backend b = backends(10).get(0);
        b.state(Backend.State.DOWN);
        b.up(java.time.Duration.ofHours(1).toNanos());
        assertThat(b.weight()).isEqualTo(1);
        b.up(0);
        assertThat(b.weight()).isEqualTo(10);
    }

    private static void assertShares(List<Backend> all, Map<Backend, Integer> got, double... shares) {
        for (int i = 0; i < shares.length; i++) {
            assertThat(got.getOrDefault(all.get(i), 0) / (double) N).as("share of backend " + i)
                    .isCloseTo(shares[i], within(0.03));
        }
    }

    private static List<Backend> backends(int... weights) {
        List<Backend> out = new java.util.ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(new Backend(new BackendSpec("127.0.0.1:" + (7101 + i),
                    new InetSocketAddress("127.0.0.1", 7101 + i), weights[i])));
        }
        return List.copyOf(out);
    }

    private static InetSocketAddress client(int i) {
        return new InetSocketAddress("127.0.0.1", 1024 + i % 60000);
    }
}
