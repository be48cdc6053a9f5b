/**
 * The echo protocol (the brief's Exercise 1): a banner, numbered echoes of each line, {@code quit}; and raw
 * echo ({@code --raw}), which returns the bytes exactly as received and is what the benchmarks drive.
 */
package io.wharf.echo;
