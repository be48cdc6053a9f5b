package io.wharf.chat;

import io.wharf.core.Model;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigSchema;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatProtocolTest {

    private final ChatProtocol chat = new ChatProtocol();

    @Test
    void isFoundByTheServiceLoaderAsChatOnPort6667() {
        assertThat(ServiceLoader.load(Protocol.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(p -> p.name().equals("chat"))
                .singleElement()
                .isInstanceOf(ChatProtocol.class)
                .satisfies(p -> assertThat(p.defaultPort()).isEqualTo(6667))
                .satisfies(p -> assertThat(p.configKeys()).containsExactlyElementsOf(ChatKeys.ALL));
    }

    @Test
    void runsOnlyUnderModelsThatServeClientsTogetherInOneProcess() {
        for (Model m : List.of(Model.THREAD, Model.VIRTUAL, Model.POOL, Model.EVENT, Model.REACTOR)) {
            assertThat(m.refusal(chat.needs())).as(m.id()).isEmpty();
        }
        for (Model m : List.of(Model.ITERATIVE, Model.PROCESS, Model.PREFORK)) {
            assertThat(m.refusal(chat.needs())).as(m.id()).get().asString()
                    .doesNotContain("\n").endsWith("use thread, virtual, pool, event, reactor");
        }
    }

    @Test
    void configDefaultsAndParsing() throws Exception {
        ConfigSchema schema = CoreKeys.schema().withProtocol("chat", ChatKeys.ALL);
        Config c = Config.defaults(schema);
        assertThat(ChatKeys.settings(c).historyReplay()).isEqualTo(50);
        assertThat(ChatKeys.settings(c).defaultMute()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ChatKeys.database(c)).isEqualTo("chat.db");
        assertThat(c.get(ChatKeys.MAX_LINE)).isEqualTo(4096);
        assertThat(c.get(ChatKeys.MESSAGE_RATE)).isEqualTo(5);
        assertThat(c.get(ChatKeys.MESSAGE_BURST)).isEqualTo(10);

        Config set = c.override(ChatKeys.ADMINS, " alice, Bob ,", "--set").override(ChatKeys.DATABASE, "off", "--set")
                .override(ChatKeys.DEFAULT_ROOM, "#main", "--set");
        assertThat(ChatKeys.settings(set).admins()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(ChatKeys.database(set)).isEqualTo(":memory:");
        assertThat(ChatKeys.settings(set).defaultRoom()).isEqualTo("main");
        assertThatThrownBy(() -> c.override(ChatKeys.ADMINS, "al ice", "--set"))
                .hasMessageContaining("'al ice' is not an account name");
        assertThatThrownBy(() -> c.override(ChatKeys.DEFAULT_ROOM, "no room", "--set"))
                .hasMessageContaining("is not a room name");
    }

    @Test
    void handlersStartAndStopOnAnInMemoryDatabase() throws Exception {
        Config c = Config.defaults(CoreKeys.schema().withProtocol("chat", ChatKeys.ALL)).override(ChatKeys.DATABASE, ":memory:", "test");
        var service = ChatProtocol.start(c);
        assertThat(service.handlers().newHandler()).isNotSameAs(service.handlers().newHandler());
        service.shutdown();
    }
}
