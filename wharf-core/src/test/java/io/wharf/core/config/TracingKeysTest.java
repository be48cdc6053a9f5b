package io.wharf.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static io.wharf.core.config.ConfFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code [tracing]}: what a good section gives, and the one line a bad value gets. */
class TracingKeysTest {

    @TempDir
    Path dir;

    private String loadError(String... lines) {
        Path file = write(dir, lines);
        Throwable t = catchThrowable(() -> Config.load(file, CoreKeys.schema()));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage().substring(file.toString().length());
    }

    @Test
    void offByDefault() {
        Config c = Config.defaults(CoreKeys.schema());
        assertThat(c.get(TracingKeys.ENABLED)).isFalse();
        assertThat(c.get(TracingKeys.SAMPLING_RATIO)).isEqualTo(1.0);
        assertThat(c.get(CoreKeys.LOG_FORMAT)).isEqualTo("text");
    }

    @Test
    void aFullSection() throws Exception {
        Config c = Config.load(write(dir, "[tracing]", "enabled = on", "endpoint = https://otel.example:4318/v1/traces",
                "service_name = edge", "resource_attributes = deployment.environment=prod, host.name=web-1",
                "sampling_ratio = 0.25", "[logging]", "format = JSON"), CoreKeys.schema());
        assertThat(c.get(TracingKeys.ENDPOINT)).isEqualTo(URI.create("https://otel.example:4318/v1/traces"));
        assertThat(c.get(TracingKeys.RESOURCE_ATTRIBUTES))
                .isEqualTo(Map.of("deployment.environment", "prod", "host.name", "web-1"));
        assertThat(c.get(TracingKeys.SAMPLING_RATIO)).isEqualTo(0.25);
        assertThat(c.get(CoreKeys.LOG_FORMAT)).isEqualTo("json");
    }

    @Test
    void badValuesNameFileLineAndKey() {
        assertThat(loadError("[tracing]", "endpoint = localhost:4318"))
                .isEqualTo(":2: [tracing] endpoint: 'localhost:4318' is not an http:// or https:// URL");
        assertThat(loadError("[tracing]", "endpoint = http://"))
                .startsWith(":2: [tracing] endpoint: 'http://' is not a URL");
        assertThat(loadError("[tracing]", "", "sampling_ratio = 1.5"))
                .isEqualTo(":3: [tracing] sampling_ratio: '1.5' is not between 0 and 1");
        assertThat(loadError("[tracing]", "sampling_ratio = NaN"))
                .isEqualTo(":2: [tracing] sampling_ratio: 'NaN' is not between 0 and 1");
        assertThat(loadError("[tracing]", "resource_attributes = team"))
                .isEqualTo(":2: [tracing] resource_attributes: 'team' is not key=value");
        assertThat(loadError("[logging]", "format = xml"))
                .isEqualTo(":2: [logging] format: 'xml' is not one of text, json");
    }
}
