package io.wharf.core.model.process;

import java.util.List;

/**
 * How a {@code process}-model listener starts its children. Immutable.
 *
 * @param maxChildren live children at most; past it a client gets the busy reply
 * @param jvmOptions  {@code child_jvm_options}, split on blanks
 */
public record ChildSettings(int maxChildren, List<String> jvmOptions) {

    public static final ChildSettings DEFAULTS = new ChildSettings(256, List.of());

    public ChildSettings {
        jvmOptions = List.copyOf(jvmOptions);
    }
}
