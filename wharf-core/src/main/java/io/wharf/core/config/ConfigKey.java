package io.wharf.core.config;

/** STUB: replaced by the config package. */
public final class ConfigKey<T> {
}
