package io.wharf.core.tls;

import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.Assumptions;

/** Skips a test where netty-tcnative's native library does not load (not linux-x86_64). */
final class OpenSslAssumed {

    private OpenSslAssumed() {
    }

    static void require() {
        Assumptions.assumeTrue(OpenSsl.isAvailable(), () -> "BoringSSL did not load here: "
                + OpenSsl.unavailabilityCause() + "; skipping the openssl provider's run");
    }
}
