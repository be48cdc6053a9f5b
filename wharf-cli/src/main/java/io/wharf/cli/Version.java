package io.wharf.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code wharf --version}: the version from the jar manifest and the Java running it. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {
            "wharf " + (v == null ? "dev" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
