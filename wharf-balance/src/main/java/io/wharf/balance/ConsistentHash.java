package io.wharf.balance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Consistent hashing on the client's IP address (not its port), so a client keeps its backend across
 * connections (chat sessions stick), and a backend that goes away moves only its own clients. Each backend
 * has {@value #POINTS_PER_WEIGHT} points per unit of weight on a 64-bit ring; a client goes to the first
 * usable backend clockwise from its hash.
 *
 * <p>Threading: the ring is rebuilt when the backend list is replaced (a reload) and published through a
 * volatile field; picks only read it.
 */
final class ConsistentHash implements Balancer {

    static final int POINTS_PER_WEIGHT = 160;

    private record Ring(List<Backend> of, TreeMap<Long, Backend> points) {
    }

    private volatile Ring ring = new Ring(List.of(), new TreeMap<>());

    @Override
    public Backend pick(List<Backend> all, Predicate<Backend> usable, InetSocketAddress client) {
        Ring r = ring;
        if (r.of != all) {
            r = build(all);
            ring = r;
        }
        if (r.points.isEmpty()) {
            return null;
        }
        byte[] key = client.getAddress() == null ? client.getHostString().getBytes(StandardCharsets.UTF_8)
                : client.getAddress().getAddress();
        long h = hash(key);
        // clockwise from h, wrapping once; a backend's points repeat, so stop after one full turn
        for (Map.Entry<Long, Backend> e : r.points.tailMap(h, true).entrySet()) {
            if (usable.test(e.getValue())) {
                return e.getValue();
            }
        }
        for (Map.Entry<Long, Backend> e : r.points.headMap(h, false).entrySet()) {
            if (usable.test(e.getValue())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Ring build(List<Backend> all) {
        TreeMap<Long, Backend> points = new TreeMap<>();
        for (Backend b : all) {
            for (int i = 0; i < POINTS_PER_WEIGHT * b.spec().weight(); i++) {
                points.putIfAbsent(hash((b.name() + "#" + i).getBytes(StandardCharsets.UTF_8)), b);
            }
        }
        return new Ring(all, points);
    }

    /** FNV-1a 64 with a final avalanche (murmur3's fmix64), so nearby inputs land far apart on the ring. */
    static long hash(byte[] data) {
        long h = 0xcbf29ce484222325L;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
