package io.wharf.tracing;

import io.wharf.core.config.Config;
import io.wharf.core.config.TracingKeys;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code [tracing]} section, resolved. Equal settings share one SDK ({@link Tracing#acquire}).
 *
 * @param samplingRatio share of new traces kept (parent-based: a caller's sampled flag wins)
 */
public record TracingSettings(boolean enabled, URI endpoint, String serviceName, Map<String, String> resourceAttributes,
                              double samplingRatio, Duration exportInterval) {

    public static TracingSettings from(Config config) {
        return new TracingSettings(config.get(TracingKeys.ENABLED), config.get(TracingKeys.ENDPOINT),
                config.get(TracingKeys.SERVICE_NAME), attributes(config),
                config.get(TracingKeys.SAMPLING_RATIO), config.get(TracingKeys.EXPORT_INTERVAL));
    }

    private static Map<String, String> attributes(Config config) {
        Map<String, String> a = config.get(TracingKeys.RESOURCE_ATTRIBUTES);
        return a == null ? Map.of() : a;
    }
}
