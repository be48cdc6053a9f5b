package io.wharf.cli.process;

import io.wharf.core.Model;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;

import java.util.Arrays;
import java.util.List;

/** The {@code [server]} keys of the two multi-process models, {@code process} and {@code prefork}, resolved. */
public final class MultiProcessKeys {

    private MultiProcessKeys() {
    }

    /** The configured worker count, with 0 resolved to the number of cores. */
    public static int workers(Config c) {
        int n = c.get(CoreKeys.WORKERS);
        return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
    }

    public static Model workerModel(Config c) {
        return Model.byId(c.get(CoreKeys.WORKER_MODEL)).orElseThrow();
    }

    /** {@code child_jvm_options} split on blanks. */
    public static List<String> childJvmOptions(Config c) {
        String s = c.get(CoreKeys.CHILD_JVM_OPTIONS);
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }
}
