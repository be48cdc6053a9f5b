package io.wharf.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code [tracing]} section: OpenTelemetry traces exported over OTLP/HTTP. For the whole process (one SDK,
 * one exporter), so a listener section cannot set them. Only the keys live here; the SDK is in wharf-tracing,
 * so the core carries no OpenTelemetry dependency.
 */
public final class TracingKeys {

    private static final String S = "tracing";

    public static final ConfigKey<Boolean> ENABLED = ConfigKey.bool(S, "enabled", false, false,
            "export traces; off = no SDK is built and requests carry no spans");
    public static final ConfigKey<URI> ENDPOINT = ConfigKey.of(S, "endpoint",
            URI.create("http://localhost:4318/v1/traces"), false,
            "the collector's OTLP/HTTP traces URL (protobuf)", TracingKeys::endpoint);
    public static final ConfigKey<String> SERVICE_NAME = ConfigKey.string(S, "service_name", "wharf", false,
            "the service.name resource attribute");
    public static final ConfigKey<Map<String, String>> RESOURCE_ATTRIBUTES = ConfigKey.of(S, "resource_attributes",
            null, false, "more resource attributes, key=value pairs, comma-separated; unset = none",
            TracingKeys::attributes);
    public static final ConfigKey<Double> SAMPLING_RATIO = ConfigKey.of(S, "sampling_ratio", 1.0, false,
            "share of new traces sampled, 0 to 1; a request with a traceparent follows its caller's decision",
            TracingKeys::ratio);
    public static final ConfigKey<Duration> EXPORT_INTERVAL = ConfigKey.duration(S, "export_interval",
            Duration.ofSeconds(5), false, "how often batched spans are sent");

    public static final java.util.List<ConfigKey<?>> ALL = java.util.List.of(ENABLED, ENDPOINT, SERVICE_NAME,
            RESOURCE_ATTRIBUTES, SAMPLING_RATIO, EXPORT_INTERVAL);

    private TracingKeys() {
    }

    static URI endpoint(String raw) {
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + raw + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + raw + "' has no host");
        }
        return uri;
    }

    static Map<String, String> attributes(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not key=value");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Map.copyOf(out);
    }

    static Double ratio(String raw) {
        double r;
        try {
            r = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a number");
        }
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException("'" + raw + "' is not between 0 and 1");
        }
        return r;
    }
}
