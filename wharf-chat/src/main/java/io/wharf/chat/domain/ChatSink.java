package io.wharf.chat.domain;

/**
 * Where a session's events go: the front-end's side of a {@link Session}.
 *
 * <p>Threading: called on the chat's hub thread only, one event at a time, in order. It must not block:
 * every session's events pass through the same thread, so a sink that waits stalls the whole chat. A
 * front-end on wharf's {@code Connection.write} is fine: that call queues and returns, under every model.
 */
@FunctionalInterface
public interface ChatSink {

    void deliver(ChatEvent event);
}
