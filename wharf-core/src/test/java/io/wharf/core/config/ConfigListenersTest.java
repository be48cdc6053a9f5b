package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.wharf.core.config.ConfFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code [listener.NAME]} sections: each listener's own keys over the file's sections, and their errors. */
class ConfigListenersTest {

    static final ConfigKey<Path> ROOT = ConfigKey.path("server", "document_root", Path.of("./htdocs"), false, "files");
    static final ConfigKey<Boolean> LISTING = ConfigKey.bool("web", "directory_listing", false, false, "listing");
    static final ConfigKey<Long> MAX_LINE = ConfigKey.size("lines", "max_line", 100L, false, "line");
    private static final ConfigSchema SCHEMA = CoreKeys.schema()
            .withProtocol("web", List.of(ROOT, LISTING))
            .withProtocol("lines", List.of(MAX_LINE));

    @TempDir
    Path dir;

    @Test
    void eachListenerSeesTheFileWithItsOwnKeysOverIt() throws Exception {
        Path file = write(dir,
                "[server]",
                "model = reactor",
                "idle_timeout = 30s",
                "document_root = /srv/default",
                "",
                "[listener.a]",
                "protocol = web",
                "port = 8080",
                "document_root = /srv/a",
                "",
                "[listener.b]",
                "protocol = WEB",
                "port = 8081",
                "model = event",
                "directory_listing = on",
                "",
                "[listener.lines]",
                "protocol = lines",
                "max_line = 10",
                "max_connections = 5");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.listenerNames()).containsExactly("a", "b", "lines");
        assertThat(c.listenerProtocol("b")).contains("web");
        assertThat(c.listenerOrigin("b")).contains(file + ":11");
        Config a = c.forListener("a");
        assertThat(a.get(CoreKeys.PORT)).isEqualTo(8080);
        assertThat(a.get(ROOT)).isEqualTo(Path.of("/srv/a"));
        assertThat(a.get(CoreKeys.MODEL)).isEqualTo("reactor");
        assertThat(a.get(CoreKeys.IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.origin(ROOT)).isEqualTo(file + ":9");
        assertThat(a.listener()).contains("a");
        Config b = c.forListener("b");
        assertThat(b.get(ROOT)).isEqualTo(Path.of("/srv/default"));
        assertThat(b.get(CoreKeys.MODEL)).isEqualTo("event");
        assertThat(b.get(LISTING)).isTrue();
        assertThat(c.forListener("lines").get(MAX_LINE)).isEqualTo(10L);
        assertThat(c.forListener("lines").get(CoreKeys.MAX_CONNECTIONS)).isEqualTo(5);
        // the sections themselves are untouched
        assertThat(c.get(CoreKeys.PORT)).isNull();
        assertThat(c.get(LISTING)).isFalse();
    }

    @Test
    void aFlagSetsOneListenersKeyAndSurvivesAReload() throws Exception {
        Path file = write(dir, "[listener.a]", "protocol = web", "port = 8080");
        Config c = Config.load(file, SCHEMA).override("a", "port", "9000", "--set listener.a.port");
        assertThat(c.forListener("a").get(CoreKeys.PORT)).isEqualTo(9000);
        assertThat(c.forListener("a").origin(CoreKeys.PORT)).isEqualTo("--set listener.a.port");
        write(dir, "[listener.a]", "protocol = web", "port = 8080", "idle_timeout = 5s");
        Config fresh = c.reload();
        assertThat(fresh.forListener("a").get(CoreKeys.PORT)).isEqualTo(9000);
        assertThat(fresh.forListener("a").get(CoreKeys.IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.forListener("a").changedKeys(fresh.forListener("a"))).containsExactly(CoreKeys.IDLE_TIMEOUT);

        assertThatThrownBy(() -> c.override("nope", "port", "1", "--set listener.nope.port"))
                .hasMessage("--set listener.nope.port: there is no [listener.nope] in " + file + ": it has a");
        assertThatThrownBy(() -> c.override("b", "port", "1", "--set listener.b.port"))
                .hasMessage("--set listener.b.port: there is no [listener.b] in " + file + " (did you mean 'a'?)");
        assertThatThrownBy(() -> c.override("a", "max_line", "1", "--set listener.a.max_line"))
                .hasMessage("--set listener.a.max_line: [listener.a]: 'max_line' is a key of lines, not of web");
        assertThatThrownBy(() -> c.override("a", "prot", "1", "--set listener.a.prot"))
                .hasMessage("--set listener.a.prot: [listener.a]: unknown key 'prot' for protocol web"
                        + " (did you mean 'port'?)");
        assertThatThrownBy(() -> c.override("a", "port", "0", "--set listener.a.port"))
                .hasMessageStartingWith("--set listener.a.port: ");
    }

    @Test
    void errorsNameTheFileLineAndListener() {
        assertError(List.of("[listener.a]", "port = 8080"),
                ":1: [listener.a] has no 'protocol = ...' line: one of web, lines");
        assertError(List.of("[listener.a]", "protocol = wbe"),
                ":2: [listener.a] protocol: unknown protocol 'wbe' (did you mean 'web'?): one of web, lines");
        assertError(List.of("[listener.a]", "protocol = web", "max_line = 3"),
                ":3: [listener.a]: 'max_line' is a key of lines, not of web");
        assertError(List.of("[listener.a]", "protocol = web", "drain_timeout = 3s"),
                ":3: [listener.a]: [server] drain_timeout is for the whole process: set it in [server]");
        assertError(List.of("[listener.a]", "protocol = web", "prot = 3"),
                ":3: [listener.a]: unknown key 'prot' for protocol web (did you mean 'port'?)");
        assertError(List.of("[listener.a]", "protocol = web", "port = 70000"),
                ":3: [listener.a] port: '70000' is out of range 1-65535");
        assertError(List.of("[listener.a]", "protocol = web", "port = 1", "port = 2"),
                ":4: [listener.a] port is set twice (first on line 3)");
        assertError(List.of("[listener.a]", "protocol = web", "protocol = lines"),
                ":3: [listener.a] protocol is set twice (first on line 2)");
        assertError(List.of("[listener.a]", "protocol = web", "port ="),
                ":3: [listener.a] port: no value (comment the line out to use the default)");
        assertError(List.of("[listener.A b]", "protocol = web"), ":1: expected '[section]', got '[listener.A b]'");
        assertError(List.of("[listener.]", "protocol = web"),
                ":1: [listener.]: a listener's name is letters, digits, '_' and '-', e.g. [listener.web]");
    }

    private void assertError(List<String> lines, String message) {
        Path file = write(dir, lines.toArray(String[]::new));
        assertThatThrownBy(() -> Config.load(file, SCHEMA)).isInstanceOf(ConfigException.class)
                .hasMessage(file + message);
    }
}
