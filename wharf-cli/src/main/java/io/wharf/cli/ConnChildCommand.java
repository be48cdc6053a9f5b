package io.wharf.cli;

import io.wharf.cli.process.ChildJvm;
import io.wharf.core.model.process.ChildLauncher;
import io.wharf.core.model.process.ConnectionChild;
import io.wharf.core.StartupException;
import io.wharf.core.spi.HostView;
import io.wharf.core.spi.ServiceContext;
import io.wharf.core.stats.ServerStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wharf __conn}: hidden; a {@code process}-model child that waits, warmed, for one client and serves it
 * (relayed over stdin/stdout, or on the socket its parent passes over {@code --control}), with the config its
 * parent's {@code serve} arguments resolve to. Only wharf itself starts it.
 */
@Command(name = "__conn", hidden = true)
final class ConnChildCommand implements Callable<Integer> {

    @Option(names = "--control")
    String control = "";

    @Option(names = "--listener", required = true)
    String listener;

    @Parameters(arity = "1..*")
    List<String> serveArgs;

    @Override
    public Integer call() {
        return ServeCommand.resolve(serveArgs, plan -> {
            LogSetup.apply(plan.config(), true);
            ServePlan.Listener l = plan.listener(listener);
            ServerStats stats = new ServerStats();
            try {
                return ConnectionChild.run(l.protocol().start(new ServiceContext(l.name(), l.config(), stats,
                        HostView.NONE)), stats, control);
            } catch (StartupException e) {
                throw new UserError(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How a host of this command line starts a {@code process}-model child: this command, in a new JVM. */
    static ChildLauncher launcher(List<String> serveArgs) {
        ChildJvm jvm = ChildJvm.current();
        return (listener, childOptions, jvmOptions) -> {
            List<String> args = new ArrayList<>(List.of("__conn", "--listener", listener));
            args.addAll(childOptions);
            args.add("--");
            args.addAll(serveArgs);
            return jvm.command(jvmOptions, args);
        };
    }
}
