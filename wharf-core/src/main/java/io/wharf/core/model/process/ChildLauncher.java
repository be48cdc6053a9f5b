package io.wharf.core.model.process;

import java.util.List;

/**
 * How a host starts a child process of a {@code process}-model listener: the command line, which the program
 * embedding the host knows (wharf's is {@code java -jar wharf.jar __conn ...}). The child starts the listener's
 * protocol, says it is ready and waits for its one connection on its control channel ({@link ConnectionChild}).
 * Implementations are thread-safe (called by the spare pool's threads and accepting threads).
 */
@FunctionalInterface
public interface ChildLauncher {

    /**
     * The command for one child.
     *
     * @param listener     the listener's name, so the child starts that listener's protocol with its config
     * @param childOptions options for {@link ConnectionChild#run}'s command, such as {@code --control PATH}
     * @param jvmOptions   {@code child_jvm_options}, split, plus any the model itself needs
     */
    List<String> command(String listener, List<String> childOptions, List<String> jvmOptions);

    /** For hosts that cannot start children: a {@code process} listener fails to start. */
    ChildLauncher NONE = (listener, childOptions, jvmOptions) -> {
        throw new IllegalStateException("this host was given no way to start child processes");
    };
}
