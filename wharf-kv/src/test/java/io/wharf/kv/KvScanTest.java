package io.wharf.kv;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.stats.ServerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HSCAN and SSCAN with real cursors over big hashes and sets (their table encodings), as Redis steps through its
 * dict: several calls of about COUNT elements, and every element present for the whole scan is returned at least
 * once even when the table grows in the middle of it; small ones come whole in one call with cursor 0.
 */
@Timeout(60)
class KvScanTest {

    private KvService service;
    private Server server;
    private Jedis j;

    @BeforeEach
    void start() throws Exception {
        service = new KvService(KvSettings.DEFAULTS);
        server = Server.start(ServerSettings.defaults(0, Model.EVENT).withBindAddress("127.0.0.1"), service,
                new ServerStats());
        j = new Jedis(new HostAndPort("127.0.0.1", server.localAddress().getPort()));
    }

    @AfterEach
    void stop() {
        j.close();
        server.close();
        service.shutdown();
    }

    /** Scans to the end with COUNT 10, adding {@code more} elements after the third call; returns the calls made. */
    private static int scanAll(BiFunction<String, ScanParams, ScanResult<String>> step, Runnable more,
                               Set<String> seen) {
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> r = step.apply(cursor, new ScanParams().count(10));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            if (++calls == 3) {
                more.run();
            }
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return calls;
    }

    private void fill(String command, String key, int from, int to) {
        Pipeline p = j.pipelined();
        for (int i = from; i < to; i++) {
            if (command.equals("hset")) {
                p.hset(key, "f" + i, "v" + i);
            } else {
                p.sadd(key, "m" + i);
            }
        }
        p.sync();
    }

    @Test
    void hscanStepsThroughABigHashAndReturnsEveryFieldPresentThroughout() {
        fill("hset", "h", 0, 1000);
        assertThat(j.objectEncoding("h")).isEqualTo("hashtable");
        Set<String> seen = new HashSet<>();
        int calls = scanAll((c, p) -> {
            ScanResult<Map.Entry<String, String>> r = j.hscan("h", c, p);
            r.getResult().forEach(e -> assertThat(e.getValue()).isEqualTo("v" + e.getKey().substring(1)));
            return new ScanResult<>(r.getCursor(), r.getResult().stream().map(Map.Entry::getKey).toList());
        }, () -> fill("hset", "h", 1000, 5000), seen);
        assertThat(calls).isGreaterThan(20);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("f" + i);
        }
        // one way, as Redis: a table stays a table when it shrinks
        for (int i = 1; i < 5000; i++) {
            j.hdel("h", "f" + i);
        }
        assertThat(j.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(j.hscan("h", "0").getResult()).containsExactly(Map.entry("f0", "v0"));
    }

    @Test
    void sscanStepsThroughABigSetAndReturnsEveryMemberPresentThroughout() {
        fill("sadd", "s", 0, 1000);
        Set<String> seen = new HashSet<>();
        int calls = scanAll((c, p) -> j.sscan("s", c, p), () -> fill("sadd", "s", 1000, 5000), seen);
        assertThat(calls).isGreaterThan(20);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("m" + i);
        }
        ScanResult<String> matched = j.sscan("s", "0", new ScanParams().match("m99*").count(100_000));
        assertThat(matched.getCursor()).isEqualTo("0");
        assertThat(matched.getResult()).containsExactlyInAnyOrder("m99", "m990", "m991", "m992", "m993", "m994",
                "m995", "m996", "m997", "m998", "m999");
    }

    @Test
    void smallHashesAndSetsComeWholeInOneCall() {
        j.hset("h", Map.of("a", "1", "b", "2"));
        j.sadd("s", "x", "y", "z");
        j.sadd("ints", "3", "1", "2");
        ScanResult<Map.Entry<String, String>> h = j.hscan("h", "0", new ScanParams().count(1));
        assertThat(h.getCursor()).isEqualTo("0");
        assertThat(h.getResult()).hasSize(2);
        assertThat(j.sscan("s", "0", new ScanParams().count(1)).getResult()).containsExactly("x", "y", "z");
        assertThat(j.sscan("ints", "0", new ScanParams().count(1)).getResult()).containsExactly("1", "2", "3");
        assertThat(List.of(j.objectEncoding("h"), j.objectEncoding("s"), j.objectEncoding("ints")))
                .containsExactly("listpack", "hashtable", "intset");
    }
}
