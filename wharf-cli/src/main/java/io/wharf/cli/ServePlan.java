package io.wharf.cli;

import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.config.ConfigKey;
import io.wharf.core.spi.Companion;
import io.wharf.core.spi.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code wharf serve} is to run: the resolved config of the whole process, and its listeners, each with its
 * protocol and its own view of the config. A config with {@code [listener.NAME]} sections has those listeners; a
 * {@code wharf serve <protocol>} without them has one, named after the protocol, configured by the sections
 * as they always were. A listener's protocol may ask for companions ({@code [http] admin_port} adds an admin
 * listener). Immutable.
 *
 * @param config    the whole file with the command line's overrides
 * @param listeners in the file's order
 */
public record ServePlan(Config config, List<Listener> listeners) {

    /**
     * One listener to run.
     *
     * @param origin where its section starts ({@code server.conf:12}); null for the one implicit listener
     */
    public record Listener(String name, Protocol protocol, Config config, String origin) {

        /** How errors name it: {@code server.conf:12: [listener.web]}, or nothing for the implicit one. */
        public String label() {
            return origin == null ? "" : origin + ": [listener." + name + "] ";
        }

        /** The port it takes when none is set: its protocol's, or its protocol's TLS one ({@code tls = on}). */
        public int defaultPort() {
            return config.get(io.wharf.core.tls.TlsKeys.TLS) ? protocol.defaultTlsPort() : protocol.defaultPort();
        }
    }

    public ServePlan {
        listeners = List.copyOf(listeners);
    }

    /**
     * The plan for {@code config}: its listener sections, or {@code protocol} as the one listener; each followed
     * by the companions its protocol asks for ({@code [http] admin_port}).
     *
     * @throws ConfigException when a companion's settings are bad
     */
    static ServePlan of(Config config, Protocol protocol, Map<String, Protocol> protocols) throws ConfigException {
        List<Listener> out = new ArrayList<>();
        if (config.listenerNames().isEmpty()) {
            out.add(new Listener(protocol.name(), protocol, config, null));
        } else {
            for (String name : config.listenerNames()) {
                out.add(new Listener(name, protocols.get(config.listenerProtocol(name).orElseThrow()),
                        config.forListener(name), config.listenerOrigin(name).orElseThrow()));
            }
        }
        List<Listener> all = new ArrayList<>();
        for (Listener l : out) {
            all.add(l);
            for (Companion c : l.protocol().companions(l.config())) {
                Config cc = l.config();
                for (Map.Entry<ConfigKey<?>, String> e : c.settings().entrySet()) {
                    cc = cc.override(e.getKey(), e.getValue(), l.name() + "'s " + c.name());
                }
                String name = l.origin() == null ? c.name() : l.name() + "-" + c.name();
                all.add(new Listener(name, protocols.get(c.protocol()), cc, l.origin()));
            }
        }
        return new ServePlan(config, all);
    }

    /** True when the listeners come from {@code [listener.NAME]} sections. */
    public boolean sectioned() {
        return !config.listenerNames().isEmpty();
    }

    public Listener listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("no listener '" + name + "' in the config"));
    }
}
