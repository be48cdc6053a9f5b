package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** One process, many listeners: shared threads, all-or-nothing start, live add and remove, one drain. */
class HostTest {

    private final Host host = new Host(2, 2);
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (LineClient c : clients) {
            c.close();
        }
        host.close();
    }

    @Test
    void listenersOfOneModelShareItsThreads() throws Exception {
        List<HostedListener> l = host.start(List.of(spec("a", Model.EVENT), spec("b", Model.EVENT),
                spec("c", Model.REACTOR), spec("d", Model.REACTOR), spec("e", Model.VIRTUAL)));
        for (HostedListener listener : l) {
            LineClient c = connect(listener);
            c.send("ping\n");
            assertThat(c.readLine()).isEqualTo(listener.name() + ": ping");
        }
        assertThat(threads("wharf-event-loop")).isEqualTo(1);
        assertThat(threads("wharf-reactor-loop-")).isEqualTo(2);
        assertThat(threads("wharf-reactor-worker-")).isEqualTo(2);
        assertThat(host.listeners()).extracting(v -> v.name() + "/" + v.model())
                .containsExactly("a/event", "b/event", "c/reactor", "d/reactor", "e/virtual");
    }

    @Test
    void connectionIdsAreUniqueAcrossListeners() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        ProtocolService service = ProtocolService.of(() -> new Handler() {
            @Override
            public void onOpen(Connection c) {
                ids.add(c.id());
                c.write(c.id() + "\n");
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                data.position(data.limit());
            }
        });
        List<HostedListener> l = host.start(List.of(spec("a", Model.EVENT, service), spec("b", Model.THREAD, service)));
        for (int i = 0; i < 3; i++) {
            for (HostedListener listener : l) {
                connect(listener).readLine();
            }
        }
        assertThat(ids).hasSize(6);
    }

    @Test
    void aListenerThatCannotBindLeavesNothingBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int free = freePort();
            ListenerSpec ok = new ListenerSpec("ok", "test", settings(Model.EVENT).withPort(free), echo("ok"),
                    new ServerStats());
            ListenerSpec clash = new ListenerSpec("clash", "test", settings(Model.EVENT).withPort(taken.getLocalPort()),
                    echo("clash"), new ServerStats());
            assertThatThrownBy(() -> host.start(List.of(ok, clash))).isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("port " + taken.getLocalPort() + " is already in use")
                    .satisfies(e -> assertThat(((StartupException) e).listener()).contains("clash"));
            assertThat(host.running()).isEmpty();
            try (ServerSocket again = new ServerSocket(free, 50, java.net.InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(free);
            }
        }
    }

    @Test
    void twoListenersCannotShareAName() {
        assertThatThrownBy(() -> host.start(List.of(spec("a", Model.EVENT), spec("a", Model.THREAD))))
                .hasMessage("two listeners are named 'a'");
        assertThat(host.running()).isEmpty();
    }

    @Test
    void listenersComeAndGoWhileOthersServe() throws Exception {
        HostedListener a = host.start(List.of(spec("a", Model.EVENT))).get(0);
        LineClient ca = connect(a);
        HostedListener b = host.add(spec("b", Model.EVENT));
        LineClient cb = connect(b);
        cb.send("one\n");
        assertThat(cb.readLine()).isEqualTo("b: one");

        // b's client is still connected: it gets the drain time to finish, and a is untouched meanwhile
        Thread remover = Thread.ofPlatform().start(() -> host.remove("b", Duration.ofSeconds(10)));
        await().until(() -> host.listener("b").map(l -> l.context().draining()).orElse(true));
        ca.send("still\n");
        assertThat(ca.readLine()).isEqualTo("a: still");
        cb.send("last\n");
        assertThat(cb.readLine()).isEqualTo("b: last");
        cb.close();
        remover.join(10_000);
        assertThat(host.listener("b")).isEmpty();
        assertThat(host.listeners()).extracting(v -> v.name()).containsExactly("a");
        ca.send("after\n");
        assertThat(ca.readLine()).isEqualTo("a: after");
    }

    @Test
    void shutdownDrainsEveryListenerAndTellsEveryService() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HostedListener a = host.start(List.of(spec("a", Model.EVENT, recording("a", events)),
                spec("b", Model.VIRTUAL, recording("b", events)))).get(0);
        LineClient ca = connect(a);
        ca.send("x\n");
        ca.readLine();
        AtomicBoolean clean = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> clean.set(host.shutdown(Duration.ofSeconds(10))));
        await().until(() -> events.containsAll(List.of("a draining", "b draining")));
        assertThat(host.draining()).isTrue();
        assertThat(events).doesNotContain("a shutdown", "b shutdown");
        ca.close();
        t.join(10_000);
        assertThat(clean).isTrue();
        assertThat(events).endsWith("a shutdown", "b shutdown");
        assertThat(host.running()).isEmpty();
    }

    private ListenerSpec spec(String name, Model model) {
        return spec(name, model, echo(name));
    }

    private ListenerSpec spec(String name, Model model, ProtocolService service) {
        return new ListenerSpec(name, "test", settings(model), service, new ServerStats());
    }

    private static ServerSettings settings(Model model) {
        return ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
    }

    /** Answers each line with "name: line". */
    private static ProtocolService echo(String name) {
        HandlerFactory f = () -> new Handler() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void onData(Connection c, ByteBuffer data) {
                while (data.hasRemaining()) {
                    char ch = (char) data.get();
                    if (ch == '\n') {
                        c.write(name + ": " + line + "\n");
                        line.setLength(0);
                    } else {
                        line.append(ch);
                    }
                }
            }
        };
        return ProtocolService.of(f);
    }

    private static ProtocolService recording(String name, List<String> events) {
        ProtocolService echo = echo(name);
        return new ProtocolService() {
            @Override
            public HandlerFactory handlers() {
                return echo.handlers();
            }

            @Override
            public void draining() {
                events.add(name + " draining");
            }

            @Override
            public void shutdown() {
                events.add(name + " shutdown");
            }
        };
    }

    private LineClient connect(HostedListener l) throws IOException {
        LineClient c = LineClient.connect(new InetSocketAddress("127.0.0.1", l.localAddress().getPort()));
        clients.add(c);
        return c;
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
