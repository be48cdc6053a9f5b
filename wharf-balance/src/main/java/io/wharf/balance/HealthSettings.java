package io.wharf.balance;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;

import java.time.Duration;

/**
 * The health-check keys of {@code [balance]}, as HAProxy's {@code check inter fall rise}, read into one
 * immutable value.
 *
 * @param check     {@code none}, {@code tcp} (a connect), {@code http} (GET {@code path}, expect {@code status}),
 *                  {@code redis} ({@code PING}, expect {@code +PONG}) or {@code line} ({@code send}, expect a
 *                  reply line starting with {@code expect})
 * @param slowStart how long a recovered backend takes to reach its full weight; zero for at once
 * @param shutdownSessions {@code on_down = shutdown_sessions}: a backend marked down has its connections closed
 */
public record HealthSettings(String check, Duration interval, Duration timeout, int fall, int rise, String path,
                             int status, String send, String expect, Duration slowStart,
                             boolean shutdownSessions, String sendProxy) {

    public static final ConfigKey<String> CHECK = ConfigKey.oneOf("balance", "check", "tcp", true,
            "active health check per backend: none, tcp (connect), http (GET check_path, expect check_status),"
                    + " redis (PING, expect +PONG), line (send check_send, expect a line starting with check_expect)",
            "none", "tcp", "http", "redis", "line");
    public static final ConfigKey<Duration> INTERVAL = ConfigKey.duration("balance", "check_interval",
            Duration.ofSeconds(2), true, "time between two checks of a backend");
    public static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("balance", "check_timeout",
            Duration.ofSeconds(1), true, "a check not answered within this fails (a hung backend)");
    public static final ConfigKey<Integer> FALL = ConfigKey.integer("balance", "fall", 3, 1, 1000, true,
            "failed checks (or failed client connects) in a row that mark a backend down");
    public static final ConfigKey<Integer> RISE = ConfigKey.integer("balance", "rise", 2, 1, 1000, true,
            "good checks in a row that bring a down backend back");
    public static final ConfigKey<String> CHECK_PATH = ConfigKey.string("balance", "check_path", "/", true,
            "check = http: the path to GET");
    public static final ConfigKey<Integer> CHECK_STATUS = ConfigKey.integer("balance", "check_status", 200, 100, 599,
            true, "check = http: the status a healthy backend answers");
    public static final ConfigKey<String> CHECK_SEND = ConfigKey.string("balance", "check_send", "PING", true,
            "check = line: the line sent (CR LF is added)");
    public static final ConfigKey<String> CHECK_EXPECT = ConfigKey.string("balance", "check_expect", "+PONG", true,
            "check = line: the start of the reply line a healthy backend sends");
    public static final ConfigKey<Duration> SLOW_START = ConfigKey.duration("balance", "slow_start", Duration.ZERO,
            true, "a recovered backend's weight grows from 0 to full over this time (0 = at once)");
    public static final ConfigKey<String> ON_DOWN = ConfigKey.oneOf("balance", "on_down", "none", true,
            "what a backend marked down does with its connections: none (they finish) or shutdown_sessions",
            "none", "shutdown_sessions");

    static HealthSettings of(Config c) {
        return new HealthSettings(c.get(CHECK), c.get(INTERVAL), c.get(TIMEOUT), c.get(FALL), c.get(RISE),
                c.get(CHECK_PATH), c.get(CHECK_STATUS), c.get(CHECK_SEND), c.get(CHECK_EXPECT), c.get(SLOW_START),
                c.get(ON_DOWN).equals("shutdown_sessions"), c.get(BalanceProtocol.SEND_PROXY));
    }

    /**
     * What a protocol check sends first when {@code send_proxy} is on, so a backend with {@code accept_proxy}
     * takes it: a header naming no client (v2 {@code LOCAL}, v1 {@code UNKNOWN}), as HAProxy's
     * {@code check-send-proxy}; empty when off.
     */
    byte[] proxyHeader() {
        return switch (sendProxy) {
            case "v1" -> io.wharf.core.proxy.ProxyHeader.v1Unknown();
            case "v2" -> io.wharf.core.proxy.ProxyHeader.v2Local();
            default -> new byte[0];
        };
    }

    boolean enabled() {
        return !check.equals("none") && !interval.isZero();
    }
}
