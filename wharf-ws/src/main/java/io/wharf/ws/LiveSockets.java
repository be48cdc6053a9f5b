package io.wharf.ws;

import io.wharf.ws.codec.CloseCodes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open WebSockets of one listener, for the heartbeat and the drain. The heartbeat is one task on one
 * process-wide timer thread that, a few times per {@code ws_ping_interval}, pings the sockets silent that
 * long; a socket that then stays silent past {@code ws_pong_timeout} is aborted by its connection deadline
 * (the core's reaper), so no thread waits per socket.
 *
 * <p>Threading: safe from any thread.
 */
final class LiveSockets {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("wharf-ws-heartbeat").unstarted(r));

    private final Set<WebSocketHandler> open = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> beat;

    LiveSockets(WsSettings settings) {
        long interval = settings.pingInterval().toMillis();
        if (interval > 0) {
            long period = Math.clamp(interval / 4, 50, 5_000);
            beat = TIMER.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        } else {
            beat = null;
        }
    }

    void add(WebSocketHandler s) {
        open.add(s);
    }

    void remove(WebSocketHandler s) {
        open.remove(s);
    }

    int size() {
        return open.size();
    }

    private void beat() {
        long now = System.nanoTime();
        for (WebSocketHandler s : open) {
            s.heartbeat(now);
        }
    }

    /** The drain began: every socket is closed with 1001 going away. */
    void goingAway() {
        open.forEach(s -> s.close(CloseCodes.GOING_AWAY, "server shutting down"));
    }

    /** The listener stopped. */
    void stop() {
        if (beat != null) {
            beat.cancel(false);
        }
    }
}
