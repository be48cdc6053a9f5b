package io.wharf.core.model.nio;

import java.nio.channels.SelectionKey;

/**
 * What an {@link EventLoop} dispatches to: the attachment of every key registered with its selector.
 *
 * <p>Threading: both methods are called on the loop thread only.
 */
interface Selectable {

    /** The key's channel is ready for {@code key.readyOps()}; the key is valid. */
    void ready(SelectionKey key);

    /** The loop is stopping with this channel still registered: close it now. */
    void loopStopping();
}
