package io.wharf.core.model.process;

import java.util.List;

/**
 * How a host starts the child process that serves one connection of a {@code process}-model listener: the
 * command line, which the program embedding the host knows (wharf's is {@code java -jar wharf.jar __conn ...}).
 * The child serves the client over its stdin and stdout ({@link ConnectionChild}). Implementations are
 * thread-safe (called by accepting threads).
 */
@FunctionalInterface
public interface ChildLauncher {

    /**
     * The command for one connection's child.
     *
     * @param listener   the listener's name, so the child starts that listener's protocol with its config
     * @param jvmOptions {@code child_jvm_options}, split
     */
    List<String> command(String listener, long id, String remote, String local, List<String> jvmOptions);

    /** For hosts that cannot start children: a {@code process} listener fails to start. */
    ChildLauncher NONE = (listener, id, remote, local, options) -> {
        throw new IllegalStateException("this host was given no way to start child processes");
    };
}
