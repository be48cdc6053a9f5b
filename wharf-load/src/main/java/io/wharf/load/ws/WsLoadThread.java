package io.wharf.load.ws;

import io.wharf.load.FineWait;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One selector driving its share of the clients from connect to the end of the run: handshakes, then messages,
 * closed loop or on the open-loop schedule, each echo's latency recorded if it came back within the measured
 * window. Threading: everything here runs on its own thread; the results are read after {@link #run} returns.
 */
final class WsLoadThread implements Runnable {

    private static final int MAX_EXAMPLES = 3;

    private final WsLoadSpec spec;
    private final InetSocketAddress address;
    private final int count;
    private final long measureFrom;
    private final long measureTo;
    /** Open loop: nanoseconds between two messages of one client; 0 for a closed loop. */
    private final long interval;
    private final List<WsClient> clients = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    final List<String> examples = new ArrayList<>();
    long roundTrips;
    /** Every echo, warm-up and the ends of the run included: what a server's whole CPU time served. */
    long allRoundTrips;
    long failures;
    int opened;

    WsLoadThread(WsLoadSpec spec, InetSocketAddress address, int count, long measureFrom, long measureTo) {
        this.spec = spec;
        this.address = address;
        this.count = count;
        this.measureFrom = measureFrom;
        this.measureTo = measureTo;
        this.interval = spec.rate() > 0 ? (long) (spec.connections() * 1e9 / spec.rate()) : 0;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                open(selector);
            }
            Consumer<SelectionKey> onReady = k -> ready((WsClient) k.attachment(), k);
            while (System.nanoTime() < measureTo) {
                long now = System.nanoTime();
                FineWait.await(selector, onReady, Math.min(measureTo - now, nextDue(now) - now));
                if (interval > 0) {
                    sendDue(System.nanoTime());
                }
            }
            long lateAfterEnd = clients.stream().filter(c -> c.phase == WsClient.Phase.HANDSHAKE
                    || c.phase == WsClient.Phase.CONNECTING).count();
            if (lateAfterEnd > 0) {
                fail(null, new IOException(lateAfterEnd + " connection(s) still not open at the end of the run"));
            }
        } catch (IOException e) {
            fail(null, e);
        } finally {
            clients.forEach(c -> close(c));
        }
    }

    private void open(Selector selector) {
        try {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            WsClient c = new WsClient(ch, spec.host(), spec.port(), spec.path(), spec.size());
            clients.add(c);
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            if (ch.connect(address)) {
                connected(c);
            }
        } catch (IOException e) {
            fail(null, e);
        }
    }

    private void ready(WsClient c, SelectionKey k) {
        try {
            if (k.isConnectable() && c.channel.finishConnect()) {
                connected(c);
            }
            if (k.isValid() && k.isWritable()) {
                flush(c);
            }
            if (k.isValid() && k.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void connected(WsClient c) throws IOException {
        c.connected();
        flush(c);
    }

    private void read(WsClient c) throws IOException {
        buffer.clear();
        int n = c.channel.read(buffer);
        if (n < 0) {
            throw new IOException("the server closed the connection");
        }
        buffer.flip();
        if (c.phase == WsClient.Phase.HANDSHAKE) {
            if (!c.readHead(buffer)) {
                return; // the rest of the answer's head is still to come
            }
            opened++;
            if (interval > 0) {
                c.nextDue = System.nanoTime() + ThreadLocalRandom.current().nextLong(interval); // spread out
            } else {
                sendNow(c, System.nanoTime());
            }
        }
        c.readFrames(buffer, () -> echoed(c));
    }

    private void echoed(WsClient c) {
        long now = System.nanoTime();
        Long sent = c.inFlight.poll();
        allRoundTrips++;
        if (sent != null && now >= measureFrom && now < measureTo) {
            roundTrips++;
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, (now - sent) / 1000)));
        }
        if (interval == 0) {
            sendNow(c, now);
        }
    }

    private void sendNow(WsClient c, long due) {
        c.send();
        c.inFlight.add(due);
        try {
            flush(c);
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void sendDue(long now) {
        for (WsClient c : clients) {
            while (c.phase == WsClient.Phase.OPEN && c.nextDue <= now) {
                sendNow(c, c.nextDue); // latency from when it was due, not from when we got round to it
                c.nextDue += interval;
            }
        }
    }

    private long nextDue(long now) {
        if (interval == 0) {
            return now + TimeUnit.MILLISECONDS.toNanos(100);
        }
        long next = now + interval;
        for (WsClient c : clients) {
            if (c.phase == WsClient.Phase.OPEN) {
                next = Math.min(next, c.nextDue);
            }
        }
        return next;
    }

    private void flush(WsClient c) throws IOException {
        boolean done = c.flush();
        if (c.key.isValid()) {
            c.key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void fail(WsClient c, IOException e) {
        failures++;
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (c != null) {
            c.phase = WsClient.Phase.FAILED;
            close(c);
        }
    }

    private static void close(WsClient c) {
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
