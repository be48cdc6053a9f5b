package io.wharf.chat.domain;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.wharf.chat.store.SqliteStore;
import io.wharf.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A span per message, from the request on the caller's thread to the last delivery on the hub thread: the
 * context crosses the hub's queue (the sinks run inside the span, its ids in their log context), the fan-out
 * and the room are on it, the text is not.
 */
class ChatSpansTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private ChatHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = new ChatHub(ChatSettings.defaults().withAdmins(Set.of("root")).withPasswordIterations(1000),
                SqliteStore.open(":memory:"), Clock.systemUTC(), Tracing.withExporter(exported, 1));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** Keeps, for each message event it is given, the span and trace ids current on the delivering thread. */
    static final class Seen implements ChatSink {
        final ChatHubTest.Events events = new ChatHubTest.Events();
        final Map<ChatEvent, String> spanIds = new ConcurrentHashMap<>();
        final Map<ChatEvent, String> mdcTraceIds = new ConcurrentHashMap<>();

        @Override
        public void deliver(ChatEvent event) {
            if (event instanceof ChatEvent.Said || event instanceof ChatEvent.Private) {
                spanIds.put(event, Span.current().getSpanContext().getSpanId());
                String trace = MDC.get("trace_id");
                if (trace != null) {
                    mdcTraceIds.put(event, trace);
                }
            }
            events.deliver(event);
        }
    }

    private static long fanout(SpanData s) {
        return s.getAttributes().get(AttributeKey.longKey("wharf.chat.fanout"));
    }

    private List<SpanData> spans(String name) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void aRoomMessageIsOneSpanCurrentWhereverItIsDelivered() {
        Seen a = new Seen();
        Seen b = new Seen();
        Session ann = hub.connect(a, "10.0.0.1");
        hub.connect(b, "10.0.0.2");
        ann.say("the secret plan");
        await().until(() -> spans("say lobby").size() == 1);
        SpanData span = spans("say lobby").getFirst();
        ChatEvent said = b.events.of(ChatEvent.Said.class).getFirst();
        assertThat(b.spanIds).containsEntry(said, span.getSpanId());
        assertThat(a.spanIds).containsEntry(a.events.of(ChatEvent.Said.class).getFirst(), span.getSpanId());
        assertThat(b.mdcTraceIds).containsEntry(said, span.getTraceId());
        assertThat(fanout(span)).isEqualTo(2);
        assertThat(span.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("messaging.destination.name"),
                "lobby").containsEntry(AttributeKey.stringKey("messaging.operation.name"), "say")
                .containsEntry(AttributeKey.longKey("messaging.message.id"), 1L)
                .containsEntry(AttributeKey.longKey("messaging.message.body.size"), 15L)
                .containsEntry(AttributeKey.stringKey("client.address"), "10.0.0.1");
        assertThat(span.getAttributes().asMap().values()).noneMatch(v -> v.toString().contains("secret"));
        assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("hub");
        assertThat(span.getStartEpochNanos()).isLessThanOrEqualTo(span.getEvents().getFirst().getEpochNanos());
    }

    @Test
    void privateMessagesBroadcastsAndRefusedOnesAreTracedToo() {
        Seen a = new Seen();
        Seen b = new Seen();
        Session ann = hub.connect(a, "10.0.0.1");
        Session bob = hub.connect(b, "10.0.0.2");
        bob.changeNick("bob");
        ann.privateMessage("bob", "psst");
        ann.part();
        ann.say("into the void"); // in no room: refused, the sender told why
        await().until(() -> spans("private").size() == 1 && spans("say").size() == 1);
        SpanData pm = spans("private").getFirst();
        assertThat(fanout(pm)).isEqualTo(2); // the recipient, and the sender's copy
        assertThat(b.spanIds).containsValue(pm.getSpanId());
        assertThat(fanout(spans("say").getFirst())).isZero();
    }

    @Test
    void offMakesNoSpansAndTheHubWorksTheSame() throws Exception {
        ChatHub plain = new ChatHub(ChatSettings.defaults(), SqliteStore.open(":memory:"), Clock.systemUTC(),
                Tracing.off());
        try {
            Seen a = new Seen();
            plain.connect(a, "10.0.0.1").say("hello");
            await().until(() -> a.events.of(ChatEvent.Said.class).size() == 1);
            assertThat(a.spanIds.values()).containsOnly(Span.getInvalid().getSpanContext().getSpanId());
        } finally {
            plain.close();
        }
    }
}
