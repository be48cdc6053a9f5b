package io.wharf.cli;

import io.wharf.cli.prefork.WorkerChannel;
import io.wharf.core.Host;
import io.wharf.core.HostedListener;
import io.wharf.core.ListenerSpec;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.stats.ServerStats;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code wharf __worker}: hidden; one prefork worker. Runs every listener in-process on the master's ports (its
 * {@code serve} arguments pin the model, SO_REUSEPORT, ports and addresses), reports to the master over stdout and
 * logs to stderr. SIGTERM or SIGINT, or its master's end (stdin closes), drains it and it exits 0. Only the
 * prefork master starts it.
 */
@Command(name = "__worker", hidden = true)
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--index", required = true)
    int index;

    @Parameters(arity = "1..*")
    List<String> serveArgs;

    @Override
    public Integer call() {
        return ServeCommand.resolve(serveArgs, plan -> {
            WorkerChannel channel = new WorkerChannel();
            LogSetup.apply(plan.config(), true);
            ServerSettings shared = CoreKeys.settings(plan.config(), 0);
            Host host = new Host(shared.eventLoops(), shared.workerThreads(), ConnChildCommand.launcher(serveArgs));
            List<ListenerSpec> specs = ListenerStarter.specs(plan.listeners(), host); // shuts them down if one fails
            try {
                host.start(specs);
            } catch (StartupException e) {
                specs.forEach(s -> s.service().shutdown());
                host.close();
                throw new UserError(e.getMessage());
            }
            CountDownLatch stop = new CountDownLatch(1);
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown()); // Ctrl-C reaches the whole group: the master leads
            Signal.handle(new Signal("HUP"), s -> { }); // the master reloads by replacing workers
            Map<String, ServerStats> stats = new LinkedHashMap<>();
            specs.forEach(s -> stats.put(s.name(), s.stats()));
            channel.start(stats, () -> host.running().forEach(HostedListener::stopAccepting), stop::countDown);
            channel.ready(host.running().get(0).localAddress().getPort());
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LoggerFactory.getLogger("wharf").info("worker {} draining", index);
            host.shutdown(plan.config().get(CoreKeys.DRAIN_TIMEOUT));
            channel.close(stats);
            LogSetup.flush();
            return 0;
        });
    }
}
