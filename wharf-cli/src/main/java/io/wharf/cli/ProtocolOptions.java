package io.wharf.cli;

import io.wharf.core.spi.Protocol;
import io.wharf.core.spi.ProtocolOption;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options protocols add to {@code wharf serve} ({@link Protocol#options}): added to picocli's model before
 * parsing, so help lists them and a typo is refused like any other, and turned into config overrides of the
 * protocol being served after. Two protocols may share an option's name; each means its own key by it.
 * Stateless.
 */
final class ProtocolOptions {

    private ProtocolOptions() {
    }

    /** Adds every protocol's options to {@code spec}, once per name. */
    static void addTo(CommandSpec spec, Collection<Protocol> protocols) {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        Map<String, ProtocolOption> first = new LinkedHashMap<>();
        for (Protocol p : protocols) {
            for (ProtocolOption o : p.options()) {
                owners.computeIfAbsent(o.names().get(0), n -> new ArrayList<>()).add(p.name());
                first.putIfAbsent(o.names().get(0), o);
            }
        }
        first.forEach((name, o) -> {
            if (spec.findOption(name) != null) {
                return;
            }
            OptionSpec.Builder b = OptionSpec.builder(o.names().toArray(String[]::new))
                    .description(o.description());
            if (o.isSwitch()) {
                b.type(boolean.class).arity("0");
            } else {
                b.type(String.class).paramLabel(o.paramLabel());
            }
            spec.addOption(b.build());
        });
    }

    /**
     * The protocol options given on the command line, as overrides of {@code served}'s keys; an option of
     * another protocol is an error. With no {@code served} protocol (a config of listener sections) an option
     * sets the key of whichever protocol defines it, as the default its listeners inherit.
     */
    static List<ServeCommand.FlagOverride> given(CommandSpec spec, Protocol served, Collection<Protocol> protocols) {
        List<ServeCommand.FlagOverride> out = new ArrayList<>();
        Map<String, ProtocolOption> seen = new LinkedHashMap<>();
        for (Protocol p : protocols) {
            for (ProtocolOption o : p.options()) {
                seen.putIfAbsent(o.names().get(0), o);
            }
        }
        for (String name : seen.keySet()) {
            OptionSpec option = spec.findOption(name);
            if (option == null || !isGiven(option)) {
                continue;
            }
            ProtocolOption o = served == null ? seen.get(name) : optionOf(served, name).orElseThrow(() ->
                    new UserError(name + " does not apply to " + served.name() + ": it is an option of "
                            + String.join(", ", ownersOf(name, protocols)) + " only"));
            String value = o.isSwitch() ? o.switchValue() : option.getValue();
            out.add(new ServeCommand.FlagOverride(o.key(), value, name));
        }
        return out;
    }

    private static boolean isGiven(OptionSpec option) {
        Object v = option.getValue();
        return v instanceof Boolean b ? b : v != null;
    }

    private static Optional<ProtocolOption> optionOf(Protocol p, String name) {
        return p.options().stream().filter(o -> o.names().get(0).equals(name)).findFirst();
    }

    private static List<String> ownersOf(String name, Collection<Protocol> protocols) {
        return protocols.stream().filter(p -> optionOf(p, name).isPresent()).map(p -> "the " + p.name() + " protocol")
                .toList();
    }
}
