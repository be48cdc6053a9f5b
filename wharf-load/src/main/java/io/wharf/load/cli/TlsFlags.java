package io.wharf.load.cli;

import io.wharf.load.ClientTls;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The TLS flags every {@code wharf load} target shares: {@code --tls}, {@code --insecure}, {@code --ca FILE},
 * {@code --sni NAME} (each of the last three implies {@code --tls}). A picocli mixin; read once, on the command's
 * thread.
 */
public final class TlsFlags {

    @Option(names = "--tls", description = "Connect over TLS (the handshake is part of each new connection's "
            + "connect time).")
    boolean tls;

    @Option(names = {"-k", "--insecure"}, description = "TLS: accept any certificate (a self-signed development "
            + "one); implies --tls.")
    boolean insecure;

    @Option(names = "--ca", paramLabel = "FILE", description = "TLS: also trust the CA certificates of this PEM "
            + "file (the server's own, for a self-signed one); implies --tls.")
    Path ca;

    @Option(names = "--sni", paramLabel = "NAME", description = "TLS: the server name to send and check the "
            + "certificate against, and http's Host header (default: --host); implies --tls.")
    String sni;

    /** TLS wanted, by {@code --tls} or a flag that implies it. */
    boolean on() {
        return tls || insecure || ca != null || sni != null;
    }

    /** The client TLS the flags ask for; a bad file or name is a parameter error of {@code spec}'s command. */
    ClientTls clientTls(CommandSpec spec) {
        if (!on()) {
            return ClientTls.off();
        }
        if (insecure && ca != null) {
            throw new ParameterException(spec.commandLine(), "--insecure and --ca exclude each other: "
                    + "--insecure trusts any certificate");
        }
        try {
            return ClientTls.of(insecure, ca, sni);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
