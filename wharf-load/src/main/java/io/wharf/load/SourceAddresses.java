package io.wharf.load;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses to connect from when the ephemeral ports of one run out (connect fails with
 * EADDRNOTAVAIL). Only for an IPv4 loopback target: Linux answers on all of 127.0.0.0/8, so 127.0.0.2 to
 * 127.0.0.254 each bring a fresh range of ports. Until the first exhaustion the kernel picks (no bind).
 *
 * <p>Threading: shared by all load threads; the current choice is one atomic.
 */
final class SourceAddresses {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final boolean loopback;
    private final InetSocketAddress[] addresses = new InetSocketAddress[LAST + 1];
    /** 0: let the kernel choose; n >= FIRST: bind to 127.0.0.n. */
    private final AtomicInteger current = new AtomicInteger();

    SourceAddresses(InetAddress target) {
        this.loopback = target instanceof Inet4Address && target.isLoopbackAddress();
        for (int n = FIRST; loopback && n <= LAST; n++) {
            addresses[n] = address(n);
        }
    }

    /** The address to bind before connecting, or null for the kernel's choice. */
    InetSocketAddress bindAddress() {
        int n = current.get();
        return n == 0 ? null : addresses[n];
    }

    /**
     * Moves past the address that ran out of ports (null: the kernel's choice); false when there is no other
     * address to move to.
     */
    boolean exhausted(InetSocketAddress used) {
        if (!loopback) {
            return false;
        }
        int was = used == null ? 0 : used.getAddress().getAddress()[3] & 0xff;
        int next = was == 0 ? FIRST : was + 1;
        if (next > LAST) {
            return false;
        }
        current.compareAndSet(was, next);
        return true;
    }

    /** How many addresses beyond the kernel's choice are in use (0 until ports first ran out). */
    int spread() {
        int n = current.get();
        return n == 0 ? 0 : n - FIRST + 1;
    }

    private static InetSocketAddress address(int n) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n}), 0);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
