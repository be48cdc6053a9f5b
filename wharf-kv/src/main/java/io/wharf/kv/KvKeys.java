package io.wharf.kv;

import io.wharf.core.config.ConfigKey;

import java.util.List;

/** The {@code [kv]} section of server.conf, named as Redis names its directives (dashes as underscores). */
public final class KvKeys {

    private static final String S = "kv";

    public static final ConfigKey<Integer> DATABASES = ConfigKey.integer(S, "databases", 16, 1, 1 << 20, false,
            "number of databases, SELECT 0 to databases-1 (Redis: databases)");
    public static final ConfigKey<Long> PROTO_MAX_BULK_LEN = ConfigKey.size(S, "proto_max_bulk_len", 512L << 20,
            1L << 20, Integer.MAX_VALUE - 64, false,
            "largest bulk string a client may send, and largest string value (Redis: proto-max-bulk-len)");
    public static final ConfigKey<Long> CLIENT_QUERY_BUFFER_LIMIT = ConfigKey.size(S, "client_query_buffer_limit",
            1L << 30, 1L << 20, Long.MAX_VALUE, false,
            "most bytes of unfinished commands a client may have buffered; past it the client is dropped"
                    + " (Redis: client-query-buffer-limit)");
    public static final ConfigKey<String> REQUIREPASS = ConfigKey.string(S, "requirepass", null, false,
            "password clients must give with AUTH or HELLO before any other command; unset: none (Redis: requirepass)");
    public static final ConfigKey<Integer> HZ = ConfigKey.integer(S, "hz", 10, 1, 500, false,
            "active expiry cycles per second; each samples keys with a TTL and spends at most 25% of a cycle"
                    + " (Redis: hz)");

    public static final ConfigKey<OutputLimits> CLIENT_OUTPUT_BUFFER_LIMIT = ConfigKey.of(S,
            "client_output_buffer_limit", OutputLimits.DEFAULTS, false,
            "per client class (normal, pubsub): output queued past the hard limit, or past the soft limit for the"
                    + " soft seconds, drops the client; 0 is no limit (Redis: client-output-buffer-limit)",
            OutputLimits::parse);

    public static final List<ConfigKey<?>> ALL = List.of(DATABASES, PROTO_MAX_BULK_LEN, CLIENT_QUERY_BUFFER_LIMIT,
            REQUIREPASS, HZ, CLIENT_OUTPUT_BUFFER_LIMIT);

    private KvKeys() {
    }
}
