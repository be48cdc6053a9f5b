package io.wharf.chat;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import io.wharf.tracing.OtlpReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code [tracing]} on a telnet chat: a line said in a room reaches the collector as one span. */
@Timeout(60)
class ChatTracingTest {

    @Test
    void aLineSaidOverTelnetIsExportedAsASpanWithItsFanOut() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            ConfigSchema schema = CoreKeys.schema().withProtocol("chat", ChatKeys.ALL);
            Config config = Config.defaults(schema).override(ChatKeys.DATABASE, ":memory:", "test");
            for (String[] kv : new String[][] {{"enabled", "on"}, {"endpoint", receiver.endpoint()},
                    {"export_interval", "50ms"}, {"service_name", "chat-test"}}) {
                ConfigKey<?> key = schema.find("tracing", kv[0]).orElseThrow();
                config = config.override(key, kv[1], "test");
            }
            ProtocolService chat = ChatProtocol.start(config);
            Server server = Server.start(CoreKeys.settings(config, 0).withPort(0).withBindAddress("127.0.0.1")
                    .withModel(Model.EVENT), chat, new ServerStats());
            try (Chatter ann = Chatter.join(server.localAddress()).nick("ann");
                 Chatter bob = Chatter.join(server.localAddress()).nick("bob")) {
                ann.send("meet at the secret place");
                assertThat(bob.nextSaid()).isEqualTo("ann: meet at the secret place");
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> receiver.spans().stream().anyMatch(s -> s.name().equals("say lobby")));
            } finally {
                server.close(); // shuts the chat down, which flushes and releases the tracing
            }
            OtlpReceiver.Received said = receiver.spans().stream().filter(s -> s.name().equals("say lobby"))
                    .findFirst().orElseThrow();
            assertThat(said.attributes()).containsEntry("wharf.chat.fanout", "2")
                    .containsEntry("messaging.destination.name", "lobby")
                    .containsEntry("client.address", "127.0.0.1");
            assertThat(said.resource()).containsEntry("service.name", "chat-test");
            assertThat(said.attributes().values()).noneMatch(v -> v.contains("secret"));
        }
    }
}
