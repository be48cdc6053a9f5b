package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.wharf.core.config.ConfFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Precedence (default < file < override), origins, reload and what changed. */
class ConfigOverrideTest {

    private static final ConfigSchema SCHEMA = CoreKeys.schema();

    @TempDir
    Path dir;

    @Test
    void defaultsComeFromTheKeys() {
        Config c = Config.defaults(SCHEMA);
        assertThat(c.get(CoreKeys.PORT)).isNull();
        assertThat(c.get(CoreKeys.MODEL)).isEqualTo("virtual");
        assertThat(c.get(CoreKeys.DRAIN_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.isSet(CoreKeys.MODEL)).isFalse();
        assertThat(c.origin(CoreKeys.MODEL)).isEqualTo("default");
        assertThat(c.file()).isEmpty();
        assertThat(c.schema()).isSameAs(SCHEMA);
    }

    @Test
    void fileBeatsDefaultAndOverrideBeatsFile() throws Exception {
        Path file = write(dir, "[server]", "port = 8080", "model = pool");
        Config loaded = Config.load(file, SCHEMA);
        Config c = loaded.override(CoreKeys.PORT, "9090", "--port").override(CoreKeys.BACKLOG, "50", "--backlog");

        assertThat(c.get(CoreKeys.PORT)).isEqualTo(9090);
        assertThat(c.origin(CoreKeys.PORT)).isEqualTo("--port");
        assertThat(c.get(CoreKeys.MODEL)).isEqualTo("pool");
        assertThat(c.origin(CoreKeys.MODEL)).isEqualTo(file + ":3");
        assertThat(c.get(CoreKeys.BACKLOG)).isEqualTo(50);
        assertThat(c.isSet(CoreKeys.BACKLOG)).isTrue();
        assertThat(c.get(CoreKeys.QUEUE_SIZE)).isEqualTo(1000);
        assertThat(c.origin(CoreKeys.QUEUE_SIZE)).isEqualTo("default");
        assertThat(c.file()).contains(file);
        // immutable: the loaded config is unchanged
        assertThat(loaded.get(CoreKeys.PORT)).isEqualTo(8080);
        assertThat(loaded.isSet(CoreKeys.BACKLOG)).isFalse();
    }

    @Test
    void aLaterOverrideOfTheSameKeyWins() throws Exception {
        Config c = Config.defaults(SCHEMA).override(CoreKeys.PORT, "1000", "--port")
                .override(CoreKeys.PORT, "2000", "-p");
        assertThat(c.get(CoreKeys.PORT)).isEqualTo(2000);
        assertThat(c.origin(CoreKeys.PORT)).isEqualTo("-p");
    }

    @Test
    void changedKeysListsEffectiveDifferencesInSchemaOrder() throws Exception {
        Config before = Config.load(write(dir, "[server]", "max_connections = 100", "idle_timeout = 30s"), SCHEMA);
        Config after = Config.defaults(SCHEMA)
                .override(CoreKeys.MODEL, "event", "--model")
                .override(CoreKeys.MAX_CONNECTIONS, "200", "--max-connections")
                .override(CoreKeys.IDLE_TIMEOUT, "30000ms", "--idle-timeout") // same value, other spelling
                .override(CoreKeys.BACKLOG, "0", "--backlog");                // set, but equal to the default

        assertThat(before.changedKeys(after)).containsExactly(CoreKeys.MODEL, CoreKeys.MAX_CONNECTIONS);
        assertThat(before.changedKeys(before)).isEmpty();
        assertThat(before.changedKeys(after).stream().filter(ConfigKey::live)).containsExactly(CoreKeys.MAX_CONNECTIONS);
    }

    @Test
    void reloadRereadsTheFileAndKeepsOverridesOnTop() throws Exception {
        Path file = write(dir, "[server]", "port = 8080", "max_connections = 100", "model = pool");
        Config running = Config.load(file, SCHEMA).override(CoreKeys.PORT, "9000", "--port");

        write(dir, "[server]", "port = 8181", "max_connections = 500", "model = event", "[logging]", "log_level = debug");
        Config reloaded = running.reload();

        assertThat(reloaded.get(CoreKeys.PORT)).isEqualTo(9000);
        assertThat(reloaded.origin(CoreKeys.PORT)).isEqualTo("--port");
        assertThat(reloaded.get(CoreKeys.MAX_CONNECTIONS)).isEqualTo(500);
        assertThat(reloaded.origin(CoreKeys.LOG_LEVEL)).isEqualTo(file + ":6");
        assertThat(running.changedKeys(reloaded))
                .containsExactly(CoreKeys.MODEL, CoreKeys.MAX_CONNECTIONS, CoreKeys.LOG_LEVEL);
    }

    @Test
    void reloadReportsABrokenFileAndLeavesTheRunningConfigAlone() throws Exception {
        Path file = write(dir, "[server]", "port = 8080");
        Config running = Config.load(file, SCHEMA);
        write(dir, "[server]", "port = eighty");

        assertThatThrownBy(running::reload)
                .isInstanceOf(ConfigException.class).hasMessage(file + ":2: [server] port: 'eighty' is not a number");
        assertThat(running.get(CoreKeys.PORT)).isEqualTo(8080);
    }

    @Test
    void reloadWithoutAFileReappliesOverrides() throws Exception {
        Config c = Config.defaults(SCHEMA).override(CoreKeys.MODEL, "thread", "--model");
        Config again = c.reload();
        assertThat(again.get(CoreKeys.MODEL)).isEqualTo("thread");
        assertThat(c.changedKeys(again)).isEmpty();
    }

    @Test
    void toStringShowsSetValuesWithOrigins() throws Exception {
        Config c = Config.defaults(SCHEMA).override(CoreKeys.PORT, "7", "--port");
        assertThat(c.toString()).contains("server.port=7 [--port]").doesNotContain("server.model");
    }
}
