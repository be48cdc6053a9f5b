package io.wharf.kv;

import io.wharf.core.config.Config;

import java.util.Optional;

/**
 * The {@code [kv]} settings one service runs with.
 *
 * @param databases       number of databases
 * @param protoMaxBulkLen largest bulk argument and largest string value, bytes
 * @param queryBufferLimit most bytes of unfinished commands a client may hold
 * @param requirepass     the password of the default user, if any
 * @param hz              active expiry cycles per second
 * @param outputLimits    client-output-buffer-limit, per client class
 */
public record KvSettings(int databases, long protoMaxBulkLen, long queryBufferLimit, Optional<String> requirepass,
                         int hz, OutputLimits outputLimits) {

    public static final KvSettings DEFAULTS = new KvSettings(16, 512L << 20, 1L << 30, Optional.empty(), 10,
            OutputLimits.DEFAULTS);

    public static KvSettings from(Config config) {
        return new KvSettings(config.get(KvKeys.DATABASES), config.get(KvKeys.PROTO_MAX_BULK_LEN),
                config.get(KvKeys.CLIENT_QUERY_BUFFER_LIMIT), Optional.ofNullable(config.get(KvKeys.REQUIREPASS)),
                config.get(KvKeys.HZ), config.get(KvKeys.CLIENT_OUTPUT_BUFFER_LIMIT));
    }

    public KvSettings withRequirepass(String password) {
        return new KvSettings(databases, protoMaxBulkLen, queryBufferLimit, Optional.ofNullable(password), hz,
                outputLimits);
    }

    public KvSettings withOutputLimits(OutputLimits limits) {
        return new KvSettings(databases, protoMaxBulkLen, queryBufferLimit, requirepass, hz, limits);
    }
}
