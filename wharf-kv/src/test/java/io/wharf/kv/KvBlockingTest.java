package io.wharf.kv;

import io.wharf.core.Model;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocking pops under every model that serves kv: a client blocks holding no lock, is served when a push comes
 * (first come, first served per key, pushes inside MULTI/EXEC and an LMOVE into the key included), times out
 * with a null array, keeps its pipeline's order, and leaves its queues cleanly when it disconnects. Each waits
 * for the server to report the client blocked (INFO's {@code blocked_clients}), never for a fixed time.
 */
@Timeout(60)
class KvBlockingTest {

    @RegisterExtension
    final KvTestServer kv = new KvTestServer();

    private static void awaitBlocked(RawRedis admin, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("INFO", "clients").contains("blocked_clients:" + n + "\r\n"));
    }

    private static void send(RawRedis c, String... args) throws IOException {
        c.send(RawRedis.encode(List.of(args)));
    }

    @EveryKvModel
    void pushServesBlockedClientsFirstComeFirstServed(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis first = new RawRedis(a); RawRedis second = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            send(first, "BLPOP", "nokey", "q", "0");
            awaitBlocked(admin, 1);
            send(second, "BRPOP", "q", "0");
            awaitBlocked(admin, 2);
            assertThat(admin.call("RPUSH", "q", "a")).isEqualTo(":1\r\n");
            assertThat(first.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
            awaitBlocked(admin, 1);
            assertThat(admin.call("RPUSH", "q", "b", "c")).isEqualTo(":2\r\n");
            assertThat(second.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nc\r\n");
            assertThat(admin.call("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$1\r\nb\r\n");
            awaitBlocked(admin, 0);
        }
    }

    @EveryKvModel
    void timeoutAnswersNullAndPipelineKeepsItsOrder(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis c = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            assertThat(c.call("BLPOP", "q", "0.05")).isEqualTo("*-1\r\n");
            assertThat(c.call("BZPOPMIN", "z", "0.05")).isEqualTo("*-1\r\n");
            assertThat(c.call("BLMOVE", "q", "d", "LEFT", "RIGHT", "0.05")).isEqualTo("*-1\r\n");
            // a pipeline: the reply before the blocking command comes at once, the ones after it wait for it
            byte[] pipeline = concat(RawRedis.encode(List.of("SET", "x", "1")), RawRedis.encode(List.of("BLPOP", "q", "0")),
                    RawRedis.encode(List.of("GET", "x")));
            c.send(pipeline);
            assertThat(c.reply()).isEqualTo("+OK\r\n");
            awaitBlocked(admin, 1);
            admin.call("LPUSH", "q", "v");
            assertThat(c.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
            assertThat(c.reply()).isEqualTo("$1\r\n1\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            // a command sent while blocked waits for the blocked one's reply
            send(c, "BRPOP", "q", "0");
            awaitBlocked(admin, 1);
            send(c, "PING");
            assertThat(admin.call("INFO", "clients")).contains("blocked_clients:1");
            admin.call("RPUSH", "q", "w");
            assertThat(c.reply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nw\r\n");
            assertThat(c.reply()).isEqualTo("+PONG\r\n");
        }
    }

    @EveryKvModel
    void sortedSetsMoveAndTransactionsServeBlockedClients(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis zpop = new RawRedis(a); RawRedis mover = new RawRedis(a); RawRedis popper = new RawRedis(a);
             RawRedis admin = new RawRedis(a)) {
            send(zpop, "BZPOPMAX", "z", "0");
            awaitBlocked(admin, 1);
            assertThat(admin.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(":2\r\n");
            assertThat(zpop.reply()).isEqualTo("*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n");
            send(zpop, "BZMPOP", "0", "1", "z2", "MIN", "COUNT", "5");
            send(popper, "BLPOP", "dst", "0");
            awaitBlocked(admin, 2);
            send(mover, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
            awaitBlocked(admin, 3);
            // one push moves through the mover into dst, where the popper takes it
            assertThat(admin.call("LPUSH", "src", "x")).isEqualTo(":1\r\n");
            assertThat(mover.reply()).isEqualTo("$1\r\nx\r\n");
            assertThat(popper.reply()).isEqualTo("*2\r\n$3\r\ndst\r\n$1\r\nx\r\n");
            assertThat(admin.call("EXISTS", "src", "dst")).isEqualTo(":0\r\n");
            // the client is served after the whole transaction, so it sees both members
            assertThat(admin.call("MULTI")).isEqualTo("+OK\r\n");
            admin.call("ZADD", "z2", "1", "one");
            admin.call("ZADD", "z2", "2", "two");
            assertThat(admin.call("EXEC")).isEqualTo("*2\r\n:1\r\n:1\r\n");
            assertThat(zpop.reply()).isEqualTo("*2\r\n$2\r\nz2\r\n*2\r\n*2\r\n$3\r\none\r\n$1\r\n1\r\n*2\r\n$3\r\ntwo\r\n$1\r\n2\r\n");
            awaitBlocked(admin, 0);
        }
    }

    @EveryKvModel
    void aClientThatLeavesWhileBlockedTakesNothing(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis admin = new RawRedis(a)) {
            RawRedis gone = new RawRedis(a);
            send(gone, "BLPOP", "q", "0");
            awaitBlocked(admin, 1);
            gone.close();
            awaitBlocked(admin, 0);
            assertThat(admin.call("RPUSH", "q", "kept")).isEqualTo(":1\r\n");
            assertThat(admin.call("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$4\r\nkept\r\n");
            // inside MULTI a blocking pop does not block
            admin.call("MULTI");
            admin.call("BLPOP", "empty", "0");
            admin.call("BLMOVE", "empty", "d", "LEFT", "LEFT", "0");
            assertThat(admin.call("EXEC")).isEqualTo("*2\r\n*-1\r\n$-1\r\n");
        }
    }

    @EveryKvModel
    void clientUnblockEndsABlockAsATimeoutOrAnError(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis c = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            String id = c.call("CLIENT", "ID").substring(1).trim();
            send(c, "BLPOP", "q", "0");
            awaitBlocked(admin, 1);
            assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":1\r\n");
            assertThat(c.reply()).isEqualTo("*-1\r\n");
            send(c, "BZPOPMIN", "q", "0");
            awaitBlocked(admin, 1);
            assertThat(admin.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
            assertThat(c.reply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":0\r\n");
        }
    }

    @EveryKvModel
    void clientPauseHoldsWritesUntilUnpauseThenRunsThemInOrder(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis writer = new RawRedis(a); RawRedis reader = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            writer.call("CLIENT", "SETNAME", "writer");
            assertThat(admin.call("CLIENT", "PAUSE", "20000", "WRITE")).isEqualTo("+OK\r\n");
            byte[] both = concat(RawRedis.encode(List.of("SET", "k", "1")), RawRedis.encode(List.of("INCR", "k")));
            writer.send(both);
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("CLIENT", "LIST").matches(
                    "(?s).*name=writer [^\n]*flags=b [^\n]*cmd=set .*"));
            assertThat(reader.call("GET", "k")).as("reads go on").isEqualTo("$-1\r\n");
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(writer.reply()).isEqualTo("+OK\r\n");
            assertThat(writer.reply()).isEqualTo(":2\r\n");
            // a short ALL pause ends by itself
            assertThat(admin.call("CLIENT", "PAUSE", "50")).isEqualTo("+OK\r\n");
            assertThat(reader.call("GET", "k")).isEqualTo("$1\r\n2\r\n");
        }
    }

    @EveryKvModel
    void watchIsInvalidatedByAServedBlmoveAndByExpiry(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        try (RawRedis watcher = new RawRedis(a); RawRedis mover = new RawRedis(a); RawRedis admin = new RawRedis(a)) {
            assertThat(watcher.call("WATCH", "dst")).isEqualTo("+OK\r\n");
            send(mover, "BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
            awaitBlocked(admin, 1);
            admin.call("RPUSH", "src", "x");
            assertThat(mover.reply()).isEqualTo("$1\r\nx\r\n");
            watcher.call("MULTI");
            watcher.call("GET", "other");
            assertThat(watcher.call("EXEC")).as("the served BLMOVE wrote dst").isEqualTo("*-1\r\n");
            // a watched key that expires before EXEC aborts it too
            admin.call("SET", "t", "v", "PX", "30");
            assertThat(watcher.call("WATCH", "t")).isEqualTo("+OK\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("EXISTS", "t").equals(":0\r\n"));
            watcher.call("MULTI");
            watcher.call("PING");
            assertThat(watcher.call("EXEC")).isEqualTo("*-1\r\n");
            // and one left alone commits
            assertThat(watcher.call("WATCH", "dst")).isEqualTo("+OK\r\n");
            watcher.call("MULTI");
            watcher.call("LLEN", "dst");
            assertThat(watcher.call("EXEC")).isEqualTo("*1\r\n:1\r\n");
        }
    }

    /**
     * Producers and blocked consumers at once: every element pushed is popped exactly once and no consumer is
     * left waiting with elements in the list. Not under {@code pool}, whose fixed workers each hold a
     * connection for its life, so blocked consumers would take every worker by design.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD"})
    void concurrentPushesAndBlockingPopsLoseAndDuplicateNothing(Model model) throws Exception {
        InetSocketAddress a = kv.start(model);
        int consumers = 6;
        int producers = 3;
        int each = 200;
        java.util.concurrent.ConcurrentHashMap<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger popped = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(consumers + producers);
        List<RawRedis> consumerClients = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                RawRedis client = new RawRedis(a);
                consumerClients.add(client);
                tasks.add(pool.submit(() -> {
                    while (popped.get() < producers * each) {
                        String r = client.call("BLPOP", "work", "0.2");
                        if (!r.equals("*-1\r\n")) {
                            String item = r.substring(r.lastIndexOf("$")).split("\r\n")[1];
                            seen.merge(item, 1, Integer::sum);
                            popped.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int p = 0; p < producers; p++) {
                int id = p;
                tasks.add(pool.submit(() -> {
                    try (RawRedis client = new RawRedis(a)) {
                        for (int i = 0; i < each; i++) {
                            client.call("RPUSH", "work", id + ":" + i);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : tasks) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            for (RawRedis c : consumerClients) {
                c.close();
            }
        }
        assertThat(seen).hasSize(producers * each);
        assertThat(seen.values()).allMatch(n -> n == 1);
        try (RawRedis admin = new RawRedis(a)) {
            assertThat(admin.call("LLEN", "work")).isEqualTo(":0\r\n");
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
