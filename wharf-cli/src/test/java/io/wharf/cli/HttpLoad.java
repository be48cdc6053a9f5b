package io.wharf.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous HTTP/1.1 keep-alive GETs from a few threads over plain sockets, so nothing retries behind the
 * test's back. A request counts as failed when it was sent on an open connection and no complete 200 came
 * back; a refused connect is not a request (it ends that thread once {@code stopOnRefusal} is set).
 */
final class HttpLoad implements AutoCloseable {

    private final InetSocketAddress address;
    private final String path;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private volatile boolean stopOnRefusal;

    HttpLoad(InetSocketAddress address, String path, int clients) {
        this.address = address;
        this.path = path;
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().daemon().name("http-load-" + i).start(this::run));
        }
    }

    long ok() {
        return ok.get();
    }

    long reconnects() {
        return reconnects.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** From now on a refused connect means the server has gone: the thread ends. */
    void stopOnRefusal() {
        stopOnRefusal = true;
    }

    boolean allEnded() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private void run() {
        Socket socket = null;
        while (!stopped) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(address, 2000);
                    socket.setSoTimeout(10_000);
                    reconnects.incrementAndGet();
                }
            } catch (ConnectException e) {
                socket = null;
                if (stopOnRefusal) {
                    return;
                }
                failures.add("connect refused while the server should be serving: " + e);
                continue;
            } catch (IOException e) {
                socket = null;
                failures.add("connect: " + e);
                continue;
            }
            try {
                if (!exchange(socket)) {
                    socket.close();
                    socket = null;
                }
                ok.incrementAndGet();
            } catch (IOException e) {
                failures.add("request: " + e);
                closeQuietly(socket);
                socket = null;
            }
        }
        closeQuietly(socket);
    }

    /** One GET; true when the connection stays open. */
    private boolean exchange(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(s.getInputStream(), 1) ; // unbuffered: the socket is reused
        String status = line(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("status: " + status);
        }
        long length = -1;
        boolean close = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0 || in.readNBytes((int) length).length != length) {
            throw new IOException("incomplete body");
        }
        return !close;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // done with it
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
