package io.wharf.load.scenario.bottleneck;

/**
 * One thread over one interval: {@code cpu} the share of a core it ran, {@code busy} the share of the time it ran
 * or waited for a core (1.0: it never slept). Immutable.
 */
public record ThreadLoad(String name, double cpu, double busy) {
}
