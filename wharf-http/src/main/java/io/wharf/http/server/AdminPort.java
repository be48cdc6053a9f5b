package io.wharf.http.server;

import io.wharf.core.Model;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;

/**
 * {@code admin_port}: the built-in routes on a port of their own (by default on 127.0.0.1), so health
 * checks and scrapes stay reachable, and private, whatever the public port is doing. One event loop is
 * plenty for that traffic. Threading: started once, closed once, from the controlling thread.
 */
final class AdminPort implements AutoCloseable {

    private final Server server;

    private AdminPort(Server server) {
        this.server = server;
    }

    static AdminPort start(HttpSettings s, HttpService adminService) throws StartupException {
        ServerSettings settings = ServerSettings.defaults(s.adminPort(), Model.EVENT).withBindAddress(s.adminBind());
        try {
            return new AdminPort(Server.start(settings, adminService, new io.wharf.core.stats.ServerStats()));
        } catch (StartupException e) {
            throw new StartupException("admin port: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
