package io.wharf.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP/1.1 request of a scenario: a method (a HEAD's reply is complete at the end of its head), a path, header
 * fields and a body, each a {@link RequestTemplate}. A request without variables is built once and shared, as
 * {@link HttpTarget}'s GET; one with variables is built per request from its index ({@code connection + k *
 * stride} for the connection's {@code k}-th request, so connections walk the values in step without meeting), which
 * costs a few hundred bytes of garbage per request. Replies are judged as {@link HttpTarget}'s: 2xx or 3xx.
 */
public final class HttpRequestTarget implements LoadTarget {

    /** The methods a scenario may send. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final String method;
    private final RequestTemplate path;
    private final Map<String, RequestTemplate> headers;
    private final RequestTemplate body;
    private final String authority;
    private final boolean keepAlive;
    private final Variables vars;
    private final int stride;
    /** The whole request when nothing in it varies; else null. */
    private final ByteBuffer fixed;

    public HttpRequestTarget(String method, RequestTemplate path, Map<String, RequestTemplate> headers,
                             RequestTemplate body, String host, int port, boolean keepAlive, Variables vars,
                             int stride) {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method + ": one of " + String.join(", ",
                    METHODS.stream().sorted().toList()));
        }
        this.method = method;
        this.path = path;
        this.headers = new LinkedHashMap<>(headers);
        this.body = body;
        this.authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.keepAlive = keepAlive;
        this.vars = vars;
        this.stride = Math.max(1, stride);
        boolean constant = path.constant() && body.constant() && headers.values().stream()
                .allMatch(RequestTemplate::constant);
        this.fixed = constant ? ByteBuffer.wrap(build(0)).asReadOnlyBuffer() : null;
    }

    /** The request's bytes for index {@code index}. */
    byte[] build(long index) {
        byte[] content = body.render(vars, index).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path.render(vars, index))
                .append(" HTTP/1.1\r\n");
        boolean hostGiven = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("host"));
        if (!hostGiven) {
            head.append("Host: ").append(authority).append("\r\n");
        }
        head.append("User-Agent: wharf-load\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value.render(vars, index))
                .append("\r\n"));
        if (content.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + content.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        return all;
    }

    @Override
    public Exchange newExchange(int connection) {
        return new Request(connection);
    }

    /** Threading: one load thread. */
    private final class Request implements Exchange {
        private final HttpResponseParser parser = new HttpResponseParser(method.equals("HEAD"));
        private final ByteBuffer shared = fixed == null ? null : fixed.duplicate();
        private final int connection;
        private long sent;
        private Reply last;

        Request(int connection) {
            this.connection = connection;
        }

        @Override
        public ByteBuffer nextRequest() {
            parser.reset();
            if (shared != null) {
                return shared.rewind();
            }
            return ByteBuffer.wrap(build(connection + sent++ * stride));
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            last = parser.parse(in);
            return last;
        }

        @Override
        public String describeReply() {
            return last == Reply.WRONG_REPLY ? "status " + parser.status() + " for " + method : "";
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
