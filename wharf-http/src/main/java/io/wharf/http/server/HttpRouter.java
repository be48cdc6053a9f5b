package io.wharf.http.server;

import io.wharf.core.stats.ServerStats;
import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.codec.ResponseHead;
import io.wharf.http.ops.BasicAuth;
import io.wharf.http.ops.HttpCounters;
import io.wharf.http.ops.RateLimiter;
import io.wharf.http.ops.UsersFile;
import io.wharf.http.ops.UsersFileException;
import io.wharf.http.spi.Answer;
import io.wharf.http.spi.Mount;
import io.wharf.http.spi.Route;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The first step of {@link HttpService}'s answers, which picks what answers a request: HSTS or the redirect to
 * https, the method check, the rate limit (which a {@code Connection.rehearsal()} is never charged to),
 * {@code OPTIONS *}, then the built-in routes, auth, the extensions' mounts and the virtual host's files.
 *
 * <p>Threading: one per server, shared by every connection; everything in it is thread-safe (settings are
 * immutable and swapped whole on reload). It runs on the connection's thread; the slow steps (a password check
 * not cached) hand their work to {@link Exchange#offload} and carry on there.
 */
final class HttpRouter {

    private volatile HttpSettings settings;
    /** Null when {@code admin_port} has an admin listener serve them instead. */
    private final BuiltinRoutes builtins;
    private final VirtualHosts hosts;
    private final RateLimiter rateLimiter;
    private final BasicAuth auth;
    /** The extensions' routes ({@code /echo}, {@code /chat}), asked before the files. */
    private final List<Mount> mounts;

    HttpRouter(HttpSettings s, ServerStats stats, HttpCounters counters, List<Mount> mounts) {
        this.settings = s;
        this.mounts = mounts;
        // with admin_port, the companion admin listener serves them (HttpProtocol.companions)
        this.builtins = s.adminPort() > 0 ? null : BuiltinRoutes.of(s, stats, counters);
        this.hosts = new VirtualHosts(s);
        this.rateLimiter = new RateLimiter(s.rateLimit());
        this.auth = s.auth() ? new BasicAuth(loadUsers(s)) : null;
    }

    /** The settings of a reload: the next request routes by them. */
    void reconfigure(HttpSettings fresh) {
        settings = fresh;
        rateLimiter.rate(fresh.rateLimit());
    }

    void route(Exchange exchange) {
        HttpRequest request = exchange.request();
        HttpSettings s = settings;
        boolean tls = io.wharf.core.tls.TlsConnection.of(exchange.connection()).isPresent();
        if (tls && !s.hsts().isZero()) {
            exchange.always(hsts(s.hsts()));
        } else if (!tls && s.redirectToHttps() > 0) {
            redirect(exchange, s.redirectToHttps());
            return;
        }
        if (!HttpService.known(request.method())) {
            exchange.sendText(501, new HttpHeaders(), "501 Not Implemented\n");
            return;
        }
        if (rateLimiter.enabled() && !exchange.connection().rehearsal()) { // a rehearsal takes no client's token
            InetAddress ip = exchange.connection().remoteAddress().getAddress();
            RateLimiter.Decision d = rateLimiter.tryAcquire(ip, System.nanoTime());
            if (!d.allowed()) {
                exchange.sendText(429, new HttpHeaders().add("Retry-After", Long.toString(d.retryAfterSeconds())),
                        "429 Too Many Requests\n");
                return;
            }
        }
        if (request.asterisk()) { // OPTIONS *, the only method the parser lets through with it
            exchange.send(200, new HttpHeaders().add("Allow", HttpService.ALLOW), new byte[0]);
            return;
        }
        Optional<BuiltinRoutes.Route> builtin = builtins == null ? Optional.empty() : builtins.match(request.rawPath());
        if (auth != null && (builtin.isEmpty() || settings.authBuiltins())) {
            switch (auth.check(request.headers().get("Authorization"))) {
                case BasicAuth.Known known -> authenticated(exchange, builtin, known.user());
                case BasicAuth.Costly costly -> exchange.offload("auth", () -> auth.verify(costly.credentials()),
                        (x, user) -> authenticated(x, builtin, user)); // a PBKDF2 run: off the loop
            }
            return;
        }
        serve(exchange, builtin);
    }

    private static ResponseHead.Fields hstsField;
    private static Duration hstsAge;

    /** {@code Strict-Transport-Security: max-age=N}, encoded once per value. */
    private static synchronized ResponseHead.Fields hsts(Duration age) {
        if (!age.equals(hstsAge)) {
            hstsField = ResponseHead.encodeFields("Strict-Transport-Security", "max-age=" + age.toSeconds());
            hstsAge = age;
        }
        return hstsField;
    }

    /** {@code redirect_to_https}: the same host and target, over https on {@code port}. */
    private static void redirect(Exchange exchange, int port) {
        HttpRequest request = exchange.request();
        String host = request.host();
        if (host == null || host.isEmpty()) {
            String ip = exchange.connection().localAddress().getAddress().getHostAddress();
            host = ip.contains(":") ? "[" + ip + "]" : ip;
        } else if (host.startsWith("[")) {
            host = host.substring(0, host.indexOf(']') + 1); // [::1]:8080
        } else if (host.indexOf(':') > 0) {
            host = host.substring(0, host.indexOf(':')); // example.com:8080
        }
        String target = request.target();
        if (!target.startsWith("/")) { // absolute-form: its path and query only
            int q = target.indexOf('?');
            target = request.rawPath() + (q < 0 ? "" : target.substring(q));
        }
        String location = "https://" + host + (port == 443 ? "" : ":" + port) + target;
        exchange.sendText(301, new HttpHeaders().add("Location", location), "301 Moved Permanently: " + location + "\n");
    }

    private void authenticated(Exchange exchange, Optional<BuiltinRoutes.Route> builtin, Optional<String> user) {
        if (user.isEmpty()) {
            exchange.sendText(401, new HttpHeaders().add("WWW-Authenticate", auth.challenge()),
                    "401 Unauthorized\n");
            return;
        }
        exchange.user(user.get());
        serve(exchange, builtin);
    }

    private void serve(Exchange exchange, Optional<BuiltinRoutes.Route> builtin) {
        HttpRequest request = exchange.request();
        if (builtin.isPresent()) {
            HttpSpans.route(exchange, request.rawPath());
            builtins.serve(exchange, builtin.get());
            return;
        }
        for (Mount m : mounts) {
            Optional<Route> r = m.route(request.rawPath());
            if (r.isPresent()) {
                switch (r.get().answer(request, exchange.connection())) {
                    case Answer.Respond a -> exchange.send(a.status(), a.headers(), a.body());
                    case Answer.Switch a -> exchange.switchProtocols(a.headers(), a.next());
                }
                return;
            }
        }
        if (hosts == null) {
            exchange.sendText(404, new HttpHeaders(), "404 Not Found\n");
            return;
        }
        hosts.filesFor(request.host()).serve(exchange);
    }

    private static UsersFile loadUsers(HttpSettings s) {
        try {
            return UsersFile.load(s.usersFile());
        } catch (UsersFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
