package io.wharf.balance;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One backend as configured: {@code host:port} and an optional {@code weight=N} (1 by default), e.g.
 * {@code 127.0.0.1:7102 weight=2} or {@code [::1]:7101}. Immutable.
 *
 * @param name    {@code host:port} as written, which names the backend in logs, stats and metrics
 * @param address the address to connect to, resolved when the config is read
 * @param weight  its share relative to the others, 1..1000
 */
public record BackendSpec(String name, InetSocketAddress address, int weight) {

    public static final int MAX_WEIGHT = 1000;

    public BackendSpec {
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ", got " + weight);
        }
    }

    /**
     * Parses a comma-separated list, the value of {@code backends}. An empty value is an empty list. Throws
     * {@link IllegalArgumentException} naming the entry that is wrong.
     */
    public static List<BackendSpec> parseList(String value) {
        List<BackendSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            BackendSpec b = parse(e);
            if (!seen.add(b.name())) {
                throw new IllegalArgumentException("backend '" + b.name() + "' is listed twice");
            }
            out.add(b);
        }
        return List.copyOf(out);
    }

    /** One entry: {@code host:port [weight=N]}. */
    public static BackendSpec parse(String entry) {
        String[] parts = entry.trim().split("\\s+");
        int weight = 1;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (!p.startsWith("weight=")) {
                throw new IllegalArgumentException("'" + p + "' in backend '" + entry + "': expected weight=N");
            }
            try {
                weight = Integer.parseInt(p.substring("weight=".length()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + p + "' in backend '" + entry + "': the weight is not a number");
            }
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("'" + p + "' in backend '" + entry + "': weight must be 1.." + MAX_WEIGHT);
            }
        }
        String hostPort = parts[0];
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("backend '" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("backend '" + hostPort + "': write an IPv6 address in brackets, [::1]:7101");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("backend '" + hostPort + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend '" + hostPort + "': port must be 1-65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("backend '" + hostPort + "': unknown host '" + host + "'");
        }
        return new BackendSpec(hostPort, address, weight);
    }

    @Override
    public String toString() {
        return weight == 1 ? name : name + " weight=" + weight;
    }
}
