package io.wharf.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point of the {@code wharf} command. Exit codes: 0 done, 1 an unexpected failure, 2 bad usage or a
 * start-up problem the user can fix (bad flag, bad config line, port in use). Users never see a stack
 * trace: one line says what is wrong; the full trace goes to the log at DEBUG.
 */
public final class Main {

    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code (tests call this in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new WharfCommand());
        ProtocolOptions.addTo(cli.getSubcommands().get("serve").getCommandSpec(), ServeCommand.protocols().values());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("wharf: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError u) {
                c.getErr().println("wharf: " + u.getMessage());
                return EXIT_USAGE;
            }
            c.getErr().println("wharf: unexpected failure: " + ex);
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("unexpected failure", ex);
            return 1;
        });
        return cli;
    }
}
