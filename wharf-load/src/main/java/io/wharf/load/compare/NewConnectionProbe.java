package io.wharf.load.compare;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * What a new connection costs before its first reply: connect, one request, its first reply byte, timed for
 * a few fresh connections (the median is kept), one right after another or with a gap between them. Near
 * nothing for most models; for the process model it is a spare child's hand-over, or without spares a JVM
 * start, which is the point of that model. Used by one thread at a time.
 */
final class NewConnectionProbe {

    static final int SAMPLES = 5;
    private static final int TIMEOUT_MILLIS = 30_000;

    private NewConnectionProbe() {
    }

    /** The median in microseconds of connections one right after another, or -1 when none got a reply. */
    static long medianMicros(int port, String protocol, String httpPath) {
        return medianMicros(port, protocol, httpPath, Duration.ZERO);
    }

    /**
     * The median in microseconds, or -1 when no connection got a reply.
     *
     * @param gap the pause before each connection: under the process model, time for the replacement of the
     *            spare the last one took to start, so the next finds the machine quiet, not busy starting a JVM
     */
    static long medianMicros(int port, String protocol, String httpPath, Duration gap) {
        return medianMicros(port, protocol, httpPath, gap, Duration.ZERO);
    }

    /** As above, after a pause of {@code settle} first (for the spares the connections before took to come back). */
    static long medianMicros(int port, String protocol, String httpPath, Duration gap, Duration settle) {
        if (!pause(settle)) {
            return -1;
        }
        byte[] request = (protocol.equals("http")
                ? "GET " + httpPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                : "wharf\n").getBytes(StandardCharsets.US_ASCII);
        long[] micros = new long[SAMPLES];
        int n = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (!pause(gap)) {
                break;
            }
            long t = once(port, request);
            if (t >= 0) {
                micros[n++] = t;
            }
        }
        if (n == 0) {
            return -1;
        }
        long[] got = Arrays.copyOf(micros, n);
        Arrays.sort(got);
        return got[n / 2];
    }

    /** False when interrupted: the run is being stopped, so the samples so far are all there is. */
    private static boolean pause(Duration gap) {
        try {
            Thread.sleep(gap);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long once(int port, byte[] request) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.getOutputStream().write(request);
            InputStream in = s.getInputStream();
            if (in.read() < 0) {
                return -1;
            }
            return (System.nanoTime() - start) / 1000;
        } catch (IOException e) {
            return -1;
        }
    }
}
