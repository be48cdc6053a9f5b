package io.wharf.cli.process;

import io.wharf.core.Model;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigKey;

import java.util.Arrays;
import java.util.List;

/** The {@code [server]} keys of the two multi-process models, {@code process} and {@code prefork}. */
public final class MultiProcessKeys {

    /** The in-process models a prefork worker may run (iterative would serve one client per worker). */
    public static final List<Model> WORKER_MODELS = List.of(Model.EVENT, Model.REACTOR, Model.VIRTUAL, Model.THREAD,
            Model.POOL);

    public static final ConfigKey<Integer> WORKERS = ConfigKey.integer("server", "workers", 0, 0, 1024, false,
            "prefork model: worker processes; 0 = one per core");
    public static final ConfigKey<String> WORKER_MODEL = ConfigKey.oneOf("server", "worker_model", "event", false,
            "prefork model: the in-process model each worker runs",
            WORKER_MODELS.stream().map(Model::id).toArray(String[]::new));
    public static final ConfigKey<Integer> MAX_CHILDREN = ConfigKey.integer("server", "max_children", 256, 1,
            65_536, true, "process model: live child processes; past it a client gets the busy reply");
    public static final ConfigKey<String> CHILD_JVM_OPTIONS = ConfigKey.string("server", "child_jvm_options",
            ChildJvm.DEFAULT_OPTIONS, false, "process model: JVM options of each child, tuned for start-up time");

    public static final List<ConfigKey<?>> ALL = List.of(WORKERS, WORKER_MODEL, MAX_CHILDREN, CHILD_JVM_OPTIONS);

    private MultiProcessKeys() {
    }

    /** The configured worker count, with 0 resolved to the number of cores. */
    public static int workers(Config c) {
        int n = c.get(WORKERS);
        return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
    }

    public static Model workerModel(Config c) {
        return Model.byId(c.get(WORKER_MODEL)).orElseThrow();
    }

    /** {@code child_jvm_options} split on blanks. */
    public static List<String> childJvmOptions(Config c) {
        String s = c.get(CHILD_JVM_OPTIONS);
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }
}
