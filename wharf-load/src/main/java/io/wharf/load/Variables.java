package io.wharf.load;

import java.util.Set;

/**
 * Named values substituted into requests ({@link RequestTemplate}): request {@code index} of a run gets each
 * variable's value for that index (a range counts up and wraps; a CSV file's rows are taken in turn, every column
 * of a file from the same row).
 *
 * <p>Threading: immutable; called from every load thread.
 */
public interface Variables {

    Variables NONE = new Variables() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public String value(String name, long index) {
            throw new IllegalArgumentException("no variable " + name);
        }
    };

    Set<String> names();

    String value(String name, long index);
}
