package io.wharf.cli;

import io.wharf.core.config.Spelling;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.util.List;

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
        cli.setOverwrittenOptionsAllowed(true); // a flag given twice takes the last, as most tools do
        cli.setUsageHelpAutoWidth(true); // the terminal's width, not 80 columns
        sameOptionOrder(cli);
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("wharf: " + message(ex));
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

    /**
     * Every command lists its options as declared (protocol options after the core ones), the help and version
     * switches last.
     */
    private static void sameOptionOrder(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().sortOptions(false);
        List<OptionSpec> last = spec.options().stream().filter(o -> o.usageHelp() || o.versionHelp()).toList();
        last.forEach(o -> {
            spec.remove(o);
            spec.addOption(o);
        });
        cli.getSubcommands().values().forEach(Main::sameOptionOrder);
    }

    /** Picocli's message, but an unknown command or option names what was meant, as config typos do. */
    static String message(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        String first = u.getUnmatched().get(0);
        boolean option = first.startsWith("-");
        boolean command = !option && !u.getCommandLine().getSubcommands().isEmpty();
        if (!option && !command) {
            return ex.getMessage();
        }
        CommandSpec spec = u.getCommandLine().getCommandSpec();
        List<String> names = option
                ? spec.options().stream().filter(o -> !o.hidden()).flatMap(o -> java.util.Arrays.stream(o.names()))
                        .toList()
                : u.getCommandLine().getSubcommands().keySet().stream().filter(n -> !n.startsWith("__")).toList();
        String word = option ? first.split("=", 2)[0] : first;
        return "unknown " + (option ? "option" : "command") + " '" + word + "'" + Spelling.closest(word, names)
                .map(n -> " (did you mean '" + n + "'?)")
                .orElse(option ? "" : " (commands: " + String.join(", ", names) + ")");
    }
}
