package io.wharf.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The stable semantic-convention attribute keys every protocol's server spans share; each protocol names its
 * own ({@code db.*}, {@code messaging.*}, {@code http.*}) beside these.
 */
public final class SemConv {

    public static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    public static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private SemConv() {
    }
}
