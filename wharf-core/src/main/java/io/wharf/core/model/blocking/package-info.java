/**
 * The blocking models: {@code iterative}, {@code thread}, {@code virtual} and {@code pool}. All of them serve
 * a connection with plain blocking socket I/O on one thread ({@code BlockingConnection}, its writes and close
 * in {@code BlockingOutput}, the bytes in {@code BlockingOutbox}); they differ only in which thread that is
 * and how many such threads exist, which is exactly the trade-off they demonstrate. No selector is involved:
 * these are not event loops in disguise.
 */
package io.wharf.core.model.blocking;
