/**
 * The non-blocking models. {@link io.wharf.core.model.nio.EventEngine} ({@code event}) runs everything on
 * one {@code EventLoop}; {@link io.wharf.core.model.nio.ReactorEngine} ({@code reactor}) adds an acceptor
 * thread, several loops and a worker pool for offloaded work. Both serve connections with the same
 * {@code NioConnection}: reads into the loop's buffer, writes straight to the socket when nothing is queued,
 * and an ordered outbox for the rest.
 */
package io.wharf.core.model.nio;
