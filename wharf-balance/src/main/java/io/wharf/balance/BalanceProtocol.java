package io.wharf.balance;

import io.wharf.core.StartupException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;

import java.time.Duration;
import java.util.List;

/**
 * {@code wharf serve balance}: a TCP load balancer in front of {@code backends}. Config section
 * {@code [balance]}, settable per listener: the backends, the algorithm, retries and timeouts, and the
 * health checks ({@link HealthSettings}).
 *
 * <p>Threading: stateless; each listener's {@link BalanceService} holds its state.
 */
public final class BalanceProtocol implements Protocol {

    public static final int DEFAULT_PORT = 7100;

    public static final ConfigKey<List<BackendSpec>> BACKENDS = ConfigKey.of("balance", "backends", List.of(), true,
            "the servers to balance over: host:port, optionally weight=N, comma-separated"
                    + " (a reload adds them, or drains the removed ones)", BackendSpec::parseList);
    public static final ConfigKey<String> ALGORITHM = ConfigKey.oneOf("balance", "algorithm", "roundrobin", false,
            "how a backend is picked: roundrobin (weighted), leastconn (fewest connections per weight), random2"
                    + " (two random choices, the lighter wins), hash (consistent hashing on the client address)",
            "roundrobin", "leastconn", "random2", "hash");
    public static final ConfigKey<Integer> RETRIES = ConfigKey.integer("balance", "retries", 2, 0, 100, true,
            "other backends tried when a connect fails, before the client is closed");
    public static final ConfigKey<String> SEND_PROXY = ConfigKey.oneOf("balance", "send_proxy", "off", true,
            "send the backend a PROXY protocol header first (v1 text, v2 binary), so it sees the real client",
            "off", "v1", "v2");
    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.duration("balance", "connect_timeout",
            Duration.ofSeconds(3), true, "how long a connect to a backend may take before the next is tried");

    @Override
    public String name() {
        return "balance";
    }

    @Override
    public String description() {
        return "a TCP load balancer: round-robin, least connections, two random choices or consistent hashing";
    }

    @Override
    public int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return List.of(BACKENDS, ALGORITHM, RETRIES, CONNECT_TIMEOUT, SEND_PROXY, HealthSettings.CHECK, HealthSettings.INTERVAL,
                HealthSettings.TIMEOUT, HealthSettings.FALL, HealthSettings.RISE, HealthSettings.CHECK_PATH,
                HealthSettings.CHECK_STATUS, HealthSettings.CHECK_SEND, HealthSettings.CHECK_EXPECT,
                HealthSettings.SLOW_START, HealthSettings.ON_DOWN, BusyReply.KIND, BusyReply.LINE);
    }

    @Override
    public List<ProtocolOption> options() {
        return List.of(
                ProtocolOption.value(BACKENDS, "LIST", "balance: backends, host:port[ weight=N],...", "--backends"),
                ProtocolOption.value(ALGORITHM, "NAME", "balance: roundrobin, leastconn, random2, hash", "--algorithm"));
    }

    /** Connects out; and clients stay connected while forwarded, so one at a time would stall the rest. */
    @Override
    public java.util.Set<io.wharf.core.spi.Need> needs() {
        return java.util.Set.of(io.wharf.core.spi.Need.OUTBOUND, io.wharf.core.spi.Need.CONCURRENT_CLIENTS);
    }

    @Override
    public String readyNote(io.wharf.core.config.Config config) {
        return "to " + config.get(BACKENDS).size() + " backend(s), " + config.get(ALGORITHM);
    }

    @Override
    public ProtocolService start(ServiceContext context) throws StartupException {
        List<BackendSpec> backends = context.config().get(BACKENDS);
        if (backends.isEmpty()) {
            throw new StartupException("balance: no backends: set [balance] backends (or --backends host:port,...)");
        }
        return new BalanceService(context);
    }
}
