package io.wharf.core.model.process;

import java.util.List;

/**
 * How a {@code process}-model listener starts its children. Immutable.
 *
 * @param maxChildren live children at most, spares included; past it a client gets the busy reply
 * @param minSpare    {@code min_spare_children}: warmed children kept waiting; below it more are started
 * @param maxSpare    {@code max_spare_children}: waiting children at most
 * @param fdPassing   {@code child_fd_passing}: hand the client's socket to the child where the runtime can
 * @param jvmOptions  {@code child_jvm_options}, split on blanks
 */
public record ChildSettings(int maxChildren, int minSpare, int maxSpare, boolean fdPassing, List<String> jvmOptions) {

    public static final ChildSettings DEFAULTS = new ChildSettings(256, 2, 8, true, List.of());

    public ChildSettings {
        if (minSpare < 0 || minSpare > maxSpare) {
            throw new IllegalArgumentException("spare children: min " + minSpare + " must be 0 to max " + maxSpare);
        }
        jvmOptions = List.copyOf(jvmOptions);
    }
}
