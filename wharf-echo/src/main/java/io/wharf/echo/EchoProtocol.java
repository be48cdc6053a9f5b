package io.wharf.echo;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.util.List;

/**
 * {@code wharf serve echo}: line echo ({@link EchoHandler}) or, with {@code raw}, byte echo
 * ({@link RawEchoHandler}). Config section {@code [echo]}: {@code max_line}, {@code raw}.
 *
 * <p>Threading: stateless; the factories it returns are safe to call concurrently.
 */
public final class EchoProtocol implements Protocol {

    public static final int DEFAULT_PORT = 7007;
    public static final int DEFAULT_MAX_LINE = 64 * 1024;
    /** A sanity bound: each connection may buffer up to {@code max_line} bytes of an unfinished line. */
    private static final long MAX_MAX_LINE = 1L << 30;

    public static final ConfigKey<Long> MAX_LINE = ConfigKey.size("echo", "max_line", (long) DEFAULT_MAX_LINE, 1, MAX_MAX_LINE, false,
            "longest line accepted, terminator excluded; a longer line gets an error reply and is not buffered");
    public static final ConfigKey<Boolean> RAW = ConfigKey.bool("echo", "raw", false, false,
            "echo bytes exactly as received: no banner, no lines, no 'quit' (what benchmarks use)");

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "numbered line echo with a banner and 'quit' (Exercise 1), or raw byte echo";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(MAX_LINE, RAW);
    }

    @Override
    public List<ProtocolOption> options() {
        return List.of(ProtocolOption.flag(RAW, "true", "echo: echo bytes exactly, no banner (benchmarks).", "--raw"));
    }

    @Override
    public ProtocolService start(ServiceContext context) {
        return service(context.config().get(RAW), Math.toIntExact(context.config().get(MAX_LINE)));
    }

    /** The service (handlers, and the drain that ends idle clients at once) without config. */
    public static ProtocolService service(boolean raw, int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, got " + maxLine);
        }
        return new EchoService(raw, maxLine);
    }

    /** The handler factory for a resolved config. */
    public static HandlerFactory handlers(Config config) {
        return handlers(config.get(RAW), Math.toIntExact(config.get(MAX_LINE)));
    }

    /** The handler factory without config, for tests and embedding. */
    public static HandlerFactory handlers(boolean raw, int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be at least 1, got " + maxLine);
        }
        return raw ? RawEchoHandler::new : () -> new EchoHandler(maxLine);
    }
}
