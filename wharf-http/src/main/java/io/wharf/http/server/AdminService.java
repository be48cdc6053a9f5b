package io.wharf.http.server;

import io.wharf.core.StartupException;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.codec.ParserLimits;
import io.wharf.http.ops.BasicAuth;
import io.wharf.http.ops.UsersFile;
import io.wharf.http.ops.UsersFileException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The admin listener's service: the process-wide {@link BuiltinRoutes} on connections that are HTTP's own
 * ({@link HttpConnection}: keep-alive, pipelining, HEAD, the header and keep-alive timeouts at their
 * {@code [http]} defaults); any other path is a 404. With {@code enable_auth}, every route asks for Basic auth
 * against {@code [admin] users_file}.
 *
 * <p>Threading: one per admin listener, shared by its connections; immutable.
 */
final class AdminService implements ProtocolService, HttpEndpoint {

    private final BuiltinRoutes routes;
    private final ParserLimits limits;
    private final HttpTimeouts timeouts = HttpTimeouts.defaults();
    /** Empty unless {@code enable_auth}. */
    private final Optional<BasicAuth> auth;
    private final HandlerFactory connections = () -> new HttpConnection(this);

    private AdminService(BuiltinRoutes routes, ParserLimits limits, Optional<BasicAuth> auth) {
        this.routes = routes;
        this.limits = limits;
        this.auth = auth;
    }

    static AdminService start(ServiceContext context) throws StartupException {
        Config c = context.config();
        BuiltinRoutes.Paths paths = new BuiltinRoutes.Paths(c.get(AdminKeys.HEALTH_PATH), c.get(AdminKeys.STATS_PATH),
                c.get(AdminKeys.METRICS_PATH));
        ParserLimits limits = new ParserLimits(Math.toIntExact(HttpKeys.MAX_REQUEST_LINE.defaultValue()),
                Math.toIntExact(HttpKeys.MAX_HEADER_SIZE.defaultValue()), HttpKeys.MAX_HEADERS.defaultValue(),
                c.get(CoreKeys.MAX_REQUEST_SIZE));
        Optional<BasicAuth> auth = Optional.empty();
        if (c.get(CoreKeys.ENABLE_AUTH)) {
            try {
                auth = Optional.of(new BasicAuth(UsersFile.load(Path.of(c.get(AdminKeys.USERS_FILE)))));
            } catch (UsersFileException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }
        return new AdminService(BuiltinRoutes.of(paths, context.host()), limits, auth);
    }

    @Override
    public HandlerFactory handlers() {
        return connections;
    }

    @Override
    public byte[] busyReply(String reason) {
        return HttpService.busy(reason);
    }

    @Override
    public java.util.List<String> applicationProtocols() {
        return PlainOnTls.ALPN;
    }

    @Override
    public byte[] plainTextOnTlsReply(java.nio.ByteBuffer head) {
        return PlainOnTls.REPLY;
    }

    @Override
    public HttpTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public ParserLimits parserLimits() {
        return limits;
    }

    private final KeepAliveConnections open = new KeepAliveConnections();

    @Override
    public KeepAliveConnections connections() {
        return open;
    }

    /**
     * Monitors stay connected through a drain to see {@code /health} say so (a new connection would find the
     * listener closed), and they do not hold the drain up.
     */
    @Override
    public boolean holdsDrain() {
        return false;
    }

    @Override
    public boolean wantsBody(HttpRequest head) {
        return false; // the admin routes take no bodies: a 100-continue is answered at the head
    }

    /** Answers one complete request. Never throws: a bug becomes a 500 for this request only. */
    @Override
    public boolean handle(Exchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            exchange.failed(e);
        }
        return true; // nothing here is slow enough to leave the loop
    }

    @Override
    public void error(Exchange exchange, int status, String reason) {
        exchange.sendError(status, reason);
    }

    private void route(Exchange exchange) {
        HttpRequest request = exchange.request();
        if (!HttpService.known(request.method())) {
            exchange.sendError(501, "method not implemented: " + request.method());
            return;
        }
        if (request.asterisk()) { // OPTIONS *: what the admin routes allow
            exchange.send(200, new HttpHeaders().add("Allow", "GET, HEAD"), new byte[0]);
            return;
        }
        if (auth.isPresent() && auth.get().authenticate(request.headers()).isEmpty()) {
            exchange.sendText(401, new HttpHeaders().add("WWW-Authenticate", auth.get().challenge()),
                    "401 Unauthorized\n");
            return;
        }
        routes.match(request.rawPath()).ifPresentOrElse(route -> routes.serve(exchange, route),
                () -> exchange.sendError(404, "no admin route " + request.rawPath()));
    }
}
