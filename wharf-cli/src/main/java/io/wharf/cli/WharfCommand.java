package io.wharf.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wharf}: the top-level command; its subcommands do the work. */
@Command(name = "wharf", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "TCP servers under the concurrency model you pick, with the trade-offs measured live.",
        subcommands = {ServeCommand.class, DoctorCommand.class, PasswdCommand.class, CertCommand.class,
            ConnChildCommand.class,
            WorkerCommand.class,
            io.wharf.load.cli.LoadCommand.class,
            io.wharf.load.cli.CompareCommand.class,
            picocli.CommandLine.HelpCommand.class})
final class WharfCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'wharf serve echo'");
    }
}
