package io.wharf.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The JDK's own WebSocket client (java.net.http), a real client as an application would use it. */
public final class JdkWsClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private JdkWsClient(HttpClient http, URI uri, String... subprotocols) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = b.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    public static JdkWsClient connect(URI uri, String... subprotocols) throws Exception {
        return new JdkWsClient(HttpClient.newHttpClient(), uri, subprotocols);
    }

    /** A {@code wss:} client that trusts what {@code tls} trusts. */
    public static JdkWsClient connect(javax.net.ssl.SSLContext tls, URI uri) throws Exception {
        return new JdkWsClient(HttpClient.newBuilder().sslContext(tls).build(), uri);
    }

    public WebSocket socket() {
        return socket;
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    public void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(5, TimeUnit.SECONDS);
    }

    /** The next message, {@code text:...} or {@code binary:N bytes}; fails after 5 s. */
    public String next() throws InterruptedException {
        String m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 5 s");
        }
        return m;
    }

    /** Messages until one satisfies {@code p}, which is returned. */
    public String until(java.util.function.Predicate<String> p) throws InterruptedException {
        for (;;) {
            String m = next();
            if (p.test(m)) {
                return m;
            }
        }
    }

    /** The server's close code, once it came. */
    public int awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private int binary;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            binary += data.remaining();
            if (last) {
                received.add("binary:" + binary + " bytes");
                binary = 0;
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
