package io.wharf.tls.openssl;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;

import java.lang.ref.WeakReference;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Session ticket keys for the OpenSSL contexts (netty turns tickets off unless it is given keys): a random key
 * per context, replaced every hour, the previous one still accepted for an hour, so a ticket lives one to two
 * hours and a stolen key opens at most that much traffic. Threading: thread-safe; one daemon thread rotates,
 * and a context dropped by a reload is forgotten once collected.
 */
final class TicketKeys {

    private static final long ROTATE_MINUTES = 60;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Rotation> ROTATIONS = new CopyOnWriteArrayList<>();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-tls-ticket-keys").unstarted(r));

    static {
        TIMER.scheduleAtFixedRate(TicketKeys::rotateAll, ROTATE_MINUTES, ROTATE_MINUTES, TimeUnit.MINUTES);
    }

    private TicketKeys() {
    }

    /** Gives {@code context} its first key and rotates it from now on. */
    static void manage(OpenSslSessionContext context) {
        Rotation r = new Rotation(new WeakReference<>(context));
        r.rotate();
        ROTATIONS.add(r);
    }

    private static void rotateAll() {
        ROTATIONS.removeIf(r -> !r.rotate());
    }

    private static final class Rotation {
        private final WeakReference<OpenSslSessionContext> context;
        private OpenSslSessionTicketKey current;

        Rotation(WeakReference<OpenSslSessionContext> context) {
            this.context = context;
        }

        /** False once the context is gone. */
        synchronized boolean rotate() {
            OpenSslSessionContext c = context.get();
            if (c == null) {
                return false;
            }
            OpenSslSessionTicketKey next = new OpenSslSessionTicketKey(random(OpenSslSessionTicketKey.NAME_SIZE),
                    random(OpenSslSessionTicketKey.HMAC_KEY_SIZE), random(OpenSslSessionTicketKey.AES_KEY_SIZE));
            if (current == null) {
                c.setTicketKeys(next);
            } else {
                c.setTicketKeys(next, current); // the first encrypts; both decrypt
            }
            current = next;
            return true;
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
