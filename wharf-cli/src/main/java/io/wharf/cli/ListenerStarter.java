package io.wharf.cli;

import io.wharf.core.ListenerSpec;
import io.wharf.core.Model;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.layer.Layer;
import io.wharf.core.proxy.ProxyLayer;
import io.wharf.core.tls.TlsLayer;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;

import java.util.ArrayList;
import java.util.List;


/**
 * Turns a planned listener into what a host starts: its settings, its protocol's service and its stats. Refuses a model
 * the protocol cannot run under, in one line naming the listener. Stateless.
 */
final class ListenerStarter {

    private ListenerStarter() {
    }

    /**
     * The listener's model, checked against the protocol's needs. Prefork runs a whole process, so it is never
     * one listener's model: a host sees it only when a listener section asked for it.
     */
    static Model model(ServePlan.Listener l) {
        Model m = Model.byId(l.config().get(CoreKeys.MODEL)).orElseThrow();
        if (m == Model.PREFORK) {
            throw new UserError(l.config().origin(CoreKeys.MODEL) + ": [listener." + l.name() + "] model: prefork "
                    + "runs the whole process: set [server] model = prefork (each worker then runs every listener)");
        }
        m.refusal(l.protocol().needs(l.config())).ifPresent(reason -> {
            throw new UserError(l.label() + l.protocol().name() + " cannot run under --model " + m.id() + ": " + reason);
        });
        return m;
    }

    /** The settings of one listener. */
    static ServerSettings settings(ServePlan.Listener l) {
        return CoreKeys.settings(l.config(), l.defaultPort(), l.protocol().defaultBindAddress());
    }

    /** The spec of one listener; its service (and TLS, which reads its certificates) is started here. */
    static ListenerSpec spec(ServePlan.Listener l, HostView host) throws StartupException {
        model(l);
        ServerSettings settings = settings(l);
        ServerStats stats = new ServerStats();
        ProtocolService service = l.protocol().start(new ServiceContext(l.name(), l.config(), stats, host));
        Layer layer;
        try {
            // PROXY comes first on the wire, so its layer is the outer one
            layer = ProxyLayer.of(l.name(), l.config(), TlsLayer.of(l.name(), l.config(), service, stats), stats);
        } catch (ConfigException e) {
            service.shutdown();
            throw new UserError(l.label() + e.getMessage());
        }
        return new ListenerSpec(l.name(), l.protocol().name(), settings, service, stats, CoreKeys.children(l.config()),
                layer);
    }

    /**
     * The specs of {@code listeners}, each one's service started; if one cannot start, the services started so far
     * are shut down again and the failure is one line naming the listener.
     */
    static List<ListenerSpec> specs(List<ServePlan.Listener> listeners, HostView host) {
        List<ListenerSpec> specs = new ArrayList<>();
        for (ServePlan.Listener l : listeners) {
            try {
                specs.add(spec(l, host));
            } catch (StartupException | RuntimeException e) {
                specs.forEach(s -> {
                    s.service().shutdown();
                    s.layer().close();
                });
                if (e instanceof UserError u) {
                    throw u;
                }
                throw new UserError(l.label() + e.getMessage());
            }
        }
        return specs;
    }
}
