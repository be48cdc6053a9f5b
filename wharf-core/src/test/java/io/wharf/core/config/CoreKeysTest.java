package io.wharf.core.config;

import io.wharf.core.Limits;
import io.wharf.core.Lingering;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.SocketOptions;
import io.wharf.core.Watermarks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreKeysTest {

    /** Tests run in the module directory (wharf-core); the example lives at the repository root. */
    private static final Path EXAMPLE = Path.of("../conf/server.conf");

    @Test
    void defaultSettingsMatchTheServerDefaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        ServerSettings s = CoreKeys.settings(Config.defaults(CoreKeys.schema()), 7007);

        assertThat(s).isEqualTo(ServerSettings.defaults(7007, Model.VIRTUAL));
        assertThat(s.eventLoops()).isEqualTo(cores);
        assertThat(s.workerThreads()).isEqualTo(Math.max(2, cores));
        assertThat(CoreKeys.limits(Config.defaults(CoreKeys.schema()))).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void settingsMapEveryKey() throws Exception {
        Config c = Config.defaults(CoreKeys.schema());
        String[][] flags = {
                {"port", "8081"}, {"bind_address", "127.0.0.1"}, {"backlog", "64"}, {"model", "REACTOR"},
                {"max_connections", "7"}, {"thread_pool_size", "3"}, {"queue_size", "9"},
                {"enqueue_timeout", "250ms"}, {"event_loops", "4"}, {"worker_threads", "5"},
                {"idle_timeout", "1m"}, {"drain_timeout", "2s"}, {"max_outbox", "128k"}, {"write_buffer_high", "96k"}, {"write_buffer_low", "16k"},
                {"write_timeout", "off"},
                {"lingering_close", "always"}, {"lingering_time", "10s"}, {"lingering_timeout", "500ms"},
                {"so_reuseaddr", "false"}, {"so_reuseport", "true"}, {"so_rcvbuf", "128k"}, {"so_sndbuf", "256k"},
                {"so_keepalive", "yes"}, {"tcp_nodelay", "no"}};
        for (String[] f : flags) {
            c = c.override(CoreKeys.schema().find("server", f[0]).orElseThrow(), f[1], "--" + f[0]);
        }
        ServerSettings s = CoreKeys.settings(c, 7007);

        assertThat(s).isEqualTo(new ServerSettings("127.0.0.1", 8081, 64, Model.REACTOR, 3, 9,
                Duration.ofMillis(250), 4, 5, new SocketOptions(false, true, 128 << 10, 256 << 10, true, false),
                Duration.ofSeconds(2), new Limits(7, Duration.ofMinutes(1), 128 << 10, Duration.ZERO,
                        new Watermarks(16 << 10, 96 << 10), new Lingering(Lingering.Mode.ALWAYS,
                        Duration.ofSeconds(10), Duration.ofMillis(500)))));
    }

    @Test
    void lingeringIsSetPerListenerAndOffTurnsItOff() throws Exception {
        assertThat(CoreKeys.PER_LISTENER).contains(CoreKeys.LINGERING_CLOSE, CoreKeys.LINGERING_TIME,
                CoreKeys.LINGERING_TIMEOUT);
        assertThat(Limits.DEFAULTS.lingering()).isEqualTo(new Lingering(Lingering.Mode.ON, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        Config off = Config.defaults(CoreKeys.schema()).override(CoreKeys.LINGERING_CLOSE, "off", "--set");
        assertThat(CoreKeys.limits(off).lingering().enabled()).isFalse();
        Config zero = Config.defaults(CoreKeys.schema()).override(CoreKeys.LINGERING_TIME, "0", "--set");
        assertThat(CoreKeys.limits(zero).lingering().enabled()).isFalse();
    }

    @Test
    void theLowWatermarkMustBeBelowTheHighOne() throws Exception {
        Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.WRITE_BUFFER_LOW, "64k", "--set");

        assertThatThrownBy(() -> CoreKeys.check(c)).isInstanceOf(ConfigException.class).hasMessage(
                "[server] write_buffer_low (64.0KiB, --set) must be below [server] write_buffer_high (64.0KiB, default)");
        assertThatThrownBy(() -> CoreKeys.limits(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write_buffer_low");
    }

    @Test
    void theHighWatermarkMustFitInTheOutbox() throws Exception {
        Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.MAX_OUTBOX, "48k", "--set");

        assertThatThrownBy(() -> CoreKeys.check(c)).isInstanceOf(ConfigException.class).hasMessage(
                "[server] write_buffer_high (64.0KiB, default) must be at most [server] max_outbox (48.0KiB, --set)");
        assertThatThrownBy(() -> CoreKeys.limits(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_outbox");
    }

    @Test
    void minSpareChildrenMustNotPassMaxSpareChildren() throws Exception {
        Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.MIN_SPARE_CHILDREN, "9", "--set");

        assertThatThrownBy(() -> CoreKeys.check(c)).isInstanceOf(ConfigException.class).hasMessage(
                "[server] min_spare_children (9, --set) must be at most [server] max_spare_children (8, default)");
        assertThatThrownBy(() -> CoreKeys.children(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spare children");
        Config equal = c.override(CoreKeys.MAX_SPARE_CHILDREN, "9", "--set");
        CoreKeys.check(equal);
        assertThat(CoreKeys.children(equal).minSpare()).isEqualTo(9);
    }

    @Test
    void watermarksAtTheirBoundsAreValid() throws Exception {
        Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.MAX_OUTBOX, "64k", "--set")
                .override(CoreKeys.WRITE_BUFFER_LOW, "0", "--set");

        CoreKeys.check(c);
        assertThat(CoreKeys.limits(c).writeBuffer()).isEqualTo(new Watermarks(0, 64 << 10));
    }

    @Test
    void watermarksDecideOnEitherSideOfTheGap() {
        Watermarks w = new Watermarks(10, 20);

        assertThat(w.above(20)).isFalse();
        assertThat(w.above(21)).isTrue();
        assertThat(w.below(10)).isFalse();
        assertThat(w.below(9)).isTrue();
        assertThatThrownBy(() -> new Watermarks(20, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Watermarks(-1, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyModelIsAValidModelKeyValue() throws Exception {
        for (Model m : Model.values()) {
            Config c = Config.defaults(CoreKeys.schema()).override(CoreKeys.MODEL, m.id(), "--model");
            assertThat(CoreKeys.settings(c, 1).model()).isEqualTo(m);
        }
    }

    @Test
    void socketBuffersMustFitAnInt() {
        assertThatThrownBy(() -> CoreKeys.SO_RCVBUF.parse("2g"))
                .hasMessage("'2g' must be at most 2147483647 bytes");
    }

    @Test
    void theShippedExampleLoadsAndHoldsOnlyDefaults() throws Exception {
        Config c = Config.load(coreSections(), CoreKeys.schema());
        for (ConfigKey<?> k : CoreKeys.ALL) {
            assertThat(c.get(k)).as(k.id()).isEqualTo(k.defaultValue());
        }
        assertThat(CoreKeys.settings(c, 7007)).isEqualTo(CoreKeys.settings(Config.defaults(c.schema()), 7007));
    }

    @Test
    void theShippedExampleMentionsEveryCoreKeyInItsSectionWithAComment() throws Exception {
        List<String> lines = Files.readAllLines(EXAMPLE);
        Config c = Config.load(coreSections(), CoreKeys.schema());
        for (ConfigKey<?> k : CoreKeys.ALL) {
            // set, or shown commented out when its default is "unset"
            Pattern line = Pattern.compile("^(# )?" + k.name() + " = .*");
            int at = indexOf(lines, line);
            assertThat(at).as(k.id() + " is in the example").isPositive();
            assertThat(c.isSet(k) || k.defaultValue() == null).as(k.id() + " set or unset by default").isTrue();
            assertThat(lines.get(at - 1)).as("comment above " + k.id()).startsWith("# ");
            assertThat(sectionAbove(lines, at)).as("section of " + k.id()).isEqualTo("[" + k.section() + "]");
        }
    }

    /**
     * The example with only the core's keys: the protocols' sections ([echo], [http], ...) and their keys in the
     * seed format's sections ([server] document_root) belong to their modules, and wharf-cli checks the whole file
     * against every protocol's keys.
     */
    private static Path coreSections() throws java.io.IOException {
        StringBuilder kept = new StringBuilder();
        boolean core = true;
        String section = "";
        for (String line : Files.readAllLines(EXAMPLE)) {
            if (line.startsWith("[")) {
                section = line.strip().substring(1, line.strip().length() - 1);
                core = CoreKeys.schema().sections().contains(section);
            }
            Matcher entry = ENTRY.matcher(line);
            boolean coreKey = !entry.matches() || CoreKeys.schema().find(section, entry.group(1)).isPresent();
            kept.append(core && coreKey ? line : "").append('\n');
        }
        Path copy = Files.createTempFile("server", ".conf");
        copy.toFile().deleteOnExit();
        return Files.writeString(copy, kept);
    }

    private static final Pattern ENTRY = Pattern.compile("^([a-z_]+) = .*");

    private static int indexOf(List<String> lines, Pattern p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    private static String sectionAbove(List<String> lines, int at) {
        for (int i = at; i >= 0; i--) {
            if (lines.get(i).startsWith("[")) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
