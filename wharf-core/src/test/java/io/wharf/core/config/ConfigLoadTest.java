package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.wharf.core.config.ConfFiles.write;
import static io.wharf.core.config.ConfFiles.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;

/** The INI syntax: what loads, and how. Error messages are in {@link ConfigErrorsTest}. */
class ConfigLoadTest {

    /** A protocol's keys in the seed format's sections, as HTTP has them. */
    static final ConfigKey<Path> DOCUMENT_ROOT = ConfigKey.path("server", "document_root", Path.of("./htdocs"), false,
            "files");
    static final ConfigKey<String> ACCESS_LOG = ConfigKey.string("logging", "access_log", null, false, "log");
    private static final ConfigSchema SCHEMA = CoreKeys.schema().withProtocol("http", List.of(DOCUMENT_ROOT, ACCESS_LOG));

    @TempDir
    Path dir;

    @Test
    void loadsTheSeedFormat() throws Exception {
        Path file = write(dir,
                "[server]",
                "port = 8080",
                "bind_address = 0.0.0.0",
                "max_connections = 1000",
                "thread_pool_size = 20",
                "document_root = ./htdocs",
                "",
                "[logging]",
                "log_level = INFO",
                "log_file = server.log",
                "access_log = access.log",
                "",
                "[security]",
                "enable_auth = true",
                "rate_limit = 100",
                "max_request_size = 1048576");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.get(CoreKeys.PORT)).isEqualTo(8080);
        assertThat(c.get(CoreKeys.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(c.get(CoreKeys.MAX_CONNECTIONS)).isEqualTo(1000);
        assertThat(c.get(CoreKeys.THREAD_POOL_SIZE)).isEqualTo(20);
        assertThat(c.get(DOCUMENT_ROOT)).isEqualTo(Path.of("./htdocs"));
        assertThat(c.get(CoreKeys.LOG_LEVEL)).isEqualTo("info");
        assertThat(c.get(CoreKeys.LOG_FILE)).isEqualTo("server.log");
        assertThat(c.get(ACCESS_LOG)).isEqualTo("access.log");
        assertThat(c.get(CoreKeys.ENABLE_AUTH)).isTrue();
        assertThat(c.get(CoreKeys.RATE_LIMIT)).isEqualTo(100);
        assertThat(c.get(CoreKeys.MAX_REQUEST_SIZE)).isEqualTo(1L << 20);
        assertThat(c.file()).contains(file);
        assertThat(c.isSet(CoreKeys.PORT)).isTrue();
        assertThat(c.isSet(CoreKeys.QUEUE_SIZE)).isFalse();
        assertThat(c.get(CoreKeys.QUEUE_SIZE)).isEqualTo(1000);
    }

    @Test
    void skipsCommentsAndBlankLinesAndCutsInlineComments() throws Exception {
        Path file = write(dir,
                "# a comment",
                "; another",
                "   # indented comment",
                "",
                "[server]   # the main section",
                "port = 9000 # inline",
                "backlog = 128\t; tab before marker",
                "bind_address = host#1",
                "[logging]",
                "log_file = a;b.log");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.get(CoreKeys.PORT)).isEqualTo(9000);
        assertThat(c.get(CoreKeys.BACKLOG)).isEqualTo(128);
        // no whitespace before the marker: part of the value
        assertThat(c.get(CoreKeys.BIND_ADDRESS)).isEqualTo("host#1");
        assertThat(c.get(CoreKeys.LOG_FILE)).isEqualTo("a;b.log");
    }

    @Test
    void stripsQuotesAndKeepsWhatIsInside() throws Exception {
        Path file = write(dir,
                "[server]",
                "document_root = \"/srv/my site # not a comment\"  # a comment",
                "bind_address=\"::\"",
                "[logging]",
                "log_file = \" spaced.log \"");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.get(DOCUMENT_ROOT)).isEqualTo(Path.of("/srv/my site # not a comment"));
        assertThat(c.get(CoreKeys.BIND_ADDRESS)).isEqualTo("::");
        assertThat(c.get(CoreKeys.LOG_FILE)).isEqualTo(" spaced.log ");
    }

    @Test
    void keysAndSectionsIgnoreCaseAndWhitespace() throws Exception {
        Path file = write(dir,
                "  [ SERVER ]  ",
                "   Port   =   7000   ",
                "MODEL=Reactor",
                "[Logging]",
                "LOG_LEVEL = Debug");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.get(CoreKeys.PORT)).isEqualTo(7000);
        assertThat(c.get(CoreKeys.MODEL)).isEqualTo("reactor");
        assertThat(c.get(CoreKeys.LOG_LEVEL)).isEqualTo("debug");
    }

    @Test
    void toleratesCrlfAndBareCrAndAByteOrderMark() throws Exception {
        Path file = writeRaw(dir, "\uFEFF[server]\r\nport = 7001\r\nidle_timeout = 90s\r[logging]\r\nlog_level = warn");
        Config c = Config.load(file, SCHEMA);

        assertThat(c.get(CoreKeys.PORT)).isEqualTo(7001);
        assertThat(c.get(CoreKeys.IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.get(CoreKeys.LOG_LEVEL)).isEqualTo("warn");
        assertThat(c.origin(CoreKeys.LOG_LEVEL)).isEqualTo(file + ":5");
    }

    @Test
    void readsUtf8() throws Exception {
        Path file = write(dir, "[server]", "document_root = /srv/café/日本");
        assertThat(Config.load(file, SCHEMA).get(DOCUMENT_ROOT)).isEqualTo(Path.of("/srv/café/日本"));
    }

    @Test
    void aSectionMayBeReopened() throws Exception {
        Path file = write(dir, "[server]", "port = 1", "[logging]", "log_level = error", "[server]", "backlog = 5");
        Config c = Config.load(file, SCHEMA);
        assertThat(c.get(CoreKeys.PORT)).isEqualTo(1);
        assertThat(c.get(CoreKeys.BACKLOG)).isEqualTo(5);
    }

    @Test
    void anEmptyFileGivesDefaults() throws Exception {
        Path file = writeRaw(dir, "");
        Config c = Config.load(file, SCHEMA);
        for (ConfigKey<?> k : SCHEMA.keys()) {
            assertThat(c.isSet(k)).isFalse();
            assertThat(c.origin(k)).isEqualTo("default");
        }
    }

    @Test
    void recordsTheFileAndLineEachValueCameFrom() throws Exception {
        Path file = write(dir, "[server]", "", "port = 8080", "# x", "model = pool");
        Config c = Config.load(file, SCHEMA);
        assertThat(c.origin(CoreKeys.PORT)).isEqualTo(file + ":3");
        assertThat(c.origin(CoreKeys.MODEL)).isEqualTo(file + ":5");
        assertThat(c.origin(CoreKeys.BACKLOG)).isEqualTo("default");
    }

    @Test
    void protocolSectionsLoadWhenTheSchemaHasThem() throws Exception {
        ConfigKey<String> greeting = ConfigKey.string("echo", "greeting", "hi", true, "g");
        Path file = write(dir, "[echo]", "greeting = \"hello there\"");
        Config c = Config.load(file, SCHEMA.with(List.of(greeting)));
        assertThat(c.get(greeting)).isEqualTo("hello there");
    }
}
