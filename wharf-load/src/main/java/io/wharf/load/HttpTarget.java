package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 GET of one path. Keep-alive by default; without it each request asks for {@code Connection: close}
 * and the generator opens a new connection for the next. A reply counts only when it parses completely and its
 * status is 2xx or 3xx: a fast 404 is a wrong reply, not a success.
 */
final class HttpTarget implements LoadTarget {

    private final ByteBuffer request;

    HttpTarget(String host, int port, String path, boolean keepAlive) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        String text = "GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: wharf-load\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.request = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    @Override
    public Exchange newExchange(int connection) {
        return new Get(request.duplicate());
    }

    /** Threading: one load thread. The request bytes are shared read-only; each exchange has its own view. */
    private static final class Get implements Exchange {
        private final ByteBuffer request;
        private final HttpResponseParser parser = new HttpResponseParser();
        private Reply last;

        Get(ByteBuffer request) {
            this.request = request;
        }

        @Override
        public ByteBuffer nextRequest() {
            parser.reset();
            return request.rewind();
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            last = parser.parse(in);
            return last;
        }

        @Override
        public String describeReply() {
            return last == Reply.WRONG_REPLY ? "status " + parser.status() : "";
        }

        @Override
        public void onConnected() {
            parser.reset();
        }

        @Override
        public boolean completesAtClose() {
            return parser.bodyEndsAtClose();
        }
    }
}
