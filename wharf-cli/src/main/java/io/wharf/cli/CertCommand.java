package io.wharf.cli;

import io.wharf.core.tls.DevCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wharf cert}: makes a self-signed certificate (ECDSA P-256, a year) for the names given, as
 * {@code cert.pem} and {@code key.pem} (owner-only) in a folder, for {@code tls_cert} and {@code tls_key}.
 */
@Command(name = "cert", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes a self-signed TLS certificate for the names given: DIR/cert.pem and DIR/key.pem.",
            "The first name is its subject; IP literals become IP addresses in it."},
        footer = {"", "Example:",
            "  wharf cert --name example.test --name 127.0.0.1 --out /etc/wharf",
            "  wharf serve http --tls-cert /etc/wharf/cert.pem --tls-key /etc/wharf/key.pem"})
final class CertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "A host name or IP address (repeat; default "
            + "localhost, 127.0.0.1, ::1).")
    List<String> names = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write cert.pem and key.pem to (default .).")
    Path out = Path.of(".");

    @Override
    public Integer call() {
        List<String> n = names.isEmpty() ? DevCertificate.LOCAL_NAMES : names;
        for (String name : n) {
            if (name.isBlank() || name.chars().anyMatch(ch -> ch <= ' ' || ch == ',')) {
                throw new UserError("--name '" + name + "': a host name or IP address, without spaces or commas");
            }
        }
        DevCertificate.CertFiles f;
        try {
            f = DevCertificate.make(n, out);
        } catch (IOException e) {
            throw new UserError("--out " + out + ": cannot write the certificate: " + e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %s and %s for %s%nuse: wharf serve http --tls-cert %s --tls-key %s;"
                + " trust it with: curl --cacert %s%n", f.cert(), f.key(), String.join(", ", n), f.cert(), f.key(),
                f.cert());
        return 0;
    }
}
