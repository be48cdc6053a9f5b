package io.wharf.core.spi;

import io.wharf.core.config.ConfigKey;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A listener a protocol's config asks for beside the protocol's own ({@code [http] admin_port}: an admin
 * listener on that port). The host runs it like any listener; its config is the asking listener's with
 * {@code settings} over it. Immutable.
 *
 * @param name     a suffix for its name ({@code admin}: the listener {@code web} gets {@code web-admin})
 * @param protocol the protocol it runs
 * @param settings config values as a user would write them, by key
 */
public record Companion(String name, String protocol, Map<ConfigKey<?>, String> settings) {

    public Companion {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
