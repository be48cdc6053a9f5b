package io.wharf.core.model.nio;

import io.wharf.core.AcceptFailures;
import io.wharf.core.ServerContext;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Accepts one listener's clients on an event loop: on {@code OP_ACCEPT} it takes up to {@value #MAX_ACCEPTS}
 * waiting clients and deals them round-robin over its {@link LoopGroup}'s loops (the one loop of {@code event}). When {@code accept()} fails (out of file descriptors)
 * it drops {@code OP_ACCEPT} and re-arms it from a loop timer, so the loop neither spins nor sleeps while it
 * still has clients to serve.
 *
 * <p>Threading: loop thread only, apart from construction.
 */
final class LoopAcceptor implements Selectable {

    /**
     * Accepts per readiness. A loop busy with thousands of clients comes back here only a few dozen times a
     * second, while the kernel completes handshakes at its own pace: a small batch lets the accept queue
     * overflow, and the kernel then drops clients' first segments, which they resend only after 1, 2, 4 s.
     * A batch as large as a whole select's worth of events keeps up and still lets the open clients through.
     */
    private static final int MAX_ACCEPTS = 1024;

    private final ServerSocketChannel listener;
    private final ServerContext context;
    private final EventLoop loop;
    private final LoopGroup group;
    private final AcceptFailures failures;
    private SelectionKey key;

    LoopAcceptor(ServerSocketChannel listener, ServerContext context, EventLoop loop, LoopGroup group) {
        this.listener = listener;
        this.context = context;
        this.loop = loop;
        this.group = group;
        this.failures = new AcceptFailures(context);
    }

    EventLoop loop() {
        return loop;
    }

    /** Registers for {@code OP_ACCEPT}; on the loop thread. */
    void register() throws IOException {
        listener.configureBlocking(false);
        key = listener.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void ready(SelectionKey k) {
        for (int i = 0; i < MAX_ACCEPTS; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (handled(e)) {
                    continue;
                }
                return;
            }
            if (channel == null) {
                return;
            }
            failures.succeeded();
            if (Admission.admit(channel, context)) {
                EventLoop target = group.nextLoop();
                if (target == loop) {
                    NioConnection.open(loop, channel, context, group.workers());
                } else {
                    target.execute(() -> NioConnection.open(target, channel, context, group.workers()));
                }
            }
        }
    }

    /** True to try the next accept now; otherwise accepting is paused or over. */
    private boolean handled(IOException e) {
        switch (failures.failed(e)) {
            case RETRY_NOW -> {
                return true;
            }
            case BACK_OFF -> {
                key.interestOps(0);
                loop.schedule(failures.backoffMillis(), this::resume);
                return false;
            }
            default -> {
                stop();
                return false;
            }
        }
    }

    private void resume() {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting for good; the server then closes the listener. */
    void stop() {
        if (key != null) {
            key.cancel();
        }
    }

    @Override
    public void loopStopping() {
        stop();
    }
}
