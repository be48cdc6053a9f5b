package io.wharf.core.proxy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code accept_proxy_from}: the addresses and CIDR blocks whose connections must start with a PROXY header
 * (the proxies in front), as {@code 127.0.0.0/8, ::1, 10.1.2.0/24}. An IPv4-mapped IPv6 peer matches as IPv4.
 *
 * <p>Threading: immutable.
 */
public record TrustedSources(List<Block> blocks) {

    public static final String LOOPBACK = "127.0.0.0/8, ::1";

    /** One address block: {@code network/prefix}. */
    public record Block(InetAddress network, int prefix) {

        boolean contains(InetAddress a) {
            byte[] n = network.getAddress();
            byte[] x = a.getAddress();
            if (n.length != x.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (n[i] != x[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (n[full] & mask) == (x[full] & mask);
        }

        @Override
        public String toString() {
            return network.getHostAddress() + "/" + prefix;
        }
    }

    public TrustedSources {
        blocks = List.copyOf(blocks);
    }

    /**
     * Parses a comma-separated list of addresses and CIDR blocks, literals only (no names).
     *
     * @throws IllegalArgumentException naming the entry that is wrong, as config values report it
     */
    public static TrustedSources parse(String text) {
        List<Block> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            InetAddress a = literal(host);
            if (a == null) {
                throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR block (127.0.0.0/8, ::1)");
            }
            int max = a.getAddress().length * 8;
            int prefix = max;
            if (slash >= 0) {
                String p = s.substring(slash + 1);
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(p) > max) {
                    throw new IllegalArgumentException("'" + s + "': the prefix length must be 0.." + max);
                }
                prefix = Integer.parseInt(p);
            }
            out.add(new Block(a, prefix));
        }
        return new TrustedSources(out);
    }

    /** True when {@code a} is in one of the blocks. */
    public boolean contains(InetAddress a) {
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress literal(String s) {
        return s.indexOf(':') >= 0 ? ProxyDecoder.v6(s) : ProxyDecoder.v4(s); // literals only: no name is resolved
    }

    @Override
    public String toString() {
        return String.join(", ", blocks.stream().map(Block::toString).toList());
    }
}
