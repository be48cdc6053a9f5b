package io.wharf.cli;

import io.wharf.cli.prefork.WorkerChannel;
import io.wharf.core.Server;
import io.wharf.core.ServerSettings;
import io.wharf.core.StartupException;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.stats.ServerStats;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code wharf __worker}: hidden; one prefork worker. Runs an in-process server on the master's port (its
 * {@code serve} arguments pin the model, SO_REUSEPORT, port and address), reports to the master over stdout and
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
        return ServeCommand.resolve(serveArgs, (protocol, config) -> {
            WorkerChannel channel = new WorkerChannel();
            LogSetup.apply(config, true);
            ServerSettings settings = CoreKeys.settings(config, protocol.defaultPort());
            ServerStats stats = new ServerStats();
            HandlerFactory handlers;
            Server server;
            try {
                handlers = protocol.handlers(config, stats);
                server = Server.start(settings, handlers, stats);
            } catch (StartupException e) {
                throw new UserError(e.getMessage());
            }
            CountDownLatch stop = new CountDownLatch(1);
            Signal.handle(new Signal("TERM"), s -> stop.countDown());
            Signal.handle(new Signal("INT"), s -> stop.countDown()); // Ctrl-C reaches the whole group: the master leads
            Signal.handle(new Signal("HUP"), s -> { }); // the master reloads by replacing workers
            channel.start(stats, server::stopAccepting, stop::countDown);
            channel.ready(server.localAddress().getPort());
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LoggerFactory.getLogger("wharf").info("worker {} draining", index);
            server.shutdown(config.get(CoreKeys.DRAIN_TIMEOUT));
            handlers.shutdown();
            channel.close(stats);
            LogSetup.flush();
            return 0;
        });
    }
}
