package io.wharf.http.server;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection a test drives by hand, for a handler's flow control without any engine: output is collected,
 * {@link #writable} is whatever the test says, and offloaded work waits until the test {@link #completeOffloaded
 * completes it} (as a reactor's worker would, later), or {@link #dropOffloaded drops it} (the connection ended).
 * Single-threaded, like a handler's callbacks.
 */
final class ScriptedConnection implements Connection {

    private final Handler handler;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Runnable> offloaded = new ArrayDeque<>();
    private int consumed;
    /** Writes left before output goes over the watermark again; 0 for no limit. */
    private int writesLeft;
    boolean writable = true;
    boolean open = true;
    int pauses;
    int resumes;
    /** The reason of the deadline in force, or null. */
    String deadline;
    private final boolean rehearsal;

    ScriptedConnection(Handler handler) {
        this(handler, false);
    }

    /** {@code rehearsal}: a spare's warm-up connection ({@link Connection#rehearsal}). */
    ScriptedConnection(Handler handler, boolean rehearsal) {
        this.handler = handler;
        this.rehearsal = rehearsal;
        handler.onOpen(this);
    }

    @Override
    public boolean rehearsal() {
        return rehearsal;
    }

    /** Delivers {@code text} as one read; the handler must consume all of it. */
    void receive(String text) {
        ByteBuffer data = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        handler.onData(this, data);
        if (data.hasRemaining()) {
            throw new AssertionError("the handler left " + data.remaining() + " bytes");
        }
    }

    /** Output crosses a watermark: the flag changes, then the handler hears of it. */
    void writable(boolean writable) {
        this.writable = writable;
        handler.onWritabilityChanged(this, writable);
    }

    /** Output drains below the watermark, and passes it again after {@code writes} more writes. */
    void writableFor(int writes) {
        writesLeft = writes;
        writable(true);
    }

    int offloadedCount() {
        return offloaded.size();
    }

    /** Runs the oldest offloaded work and hands its result back, as the core does on the loop. */
    void completeOffloaded() {
        offloaded.removeFirst().run();
    }

    /** The connection ended before the work came back: the core skips the continuation. */
    void dropOffloaded() {
        offloaded.clear();
    }

    /** The responses written since the last call, in order. */
    List<RawResponse> responses() {
        byte[] all = out.toByteArray();
        ByteArrayInputStream in = new ByteArrayInputStream(all, consumed, all.length - consumed);
        List<RawResponse> responses = new ArrayList<>();
        try {
            for (RawResponse r; (r = RawResponse.read(in, false)) != null; ) {
                responses.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        consumed = all.length;
        return responses;
    }

    @Override
    public <T> void offload(Supplier<T> work, Consumer<T> then) {
        offloaded.addLast(() -> {
            T result = work.get();
            if (open) {
                then.accept(result);
            }
        });
    }

    @Override
    public void write(ByteBuffer data) {
        if (!open) {
            data.position(data.limit());
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        out.writeBytes(bytes);
        if (writesLeft > 0 && --writesLeft == 0) {
            writable = false;
        }
    }

    @Override
    public void sendFile(FileChannel file, long position, long count) {
        try (file) {
            ByteBuffer buf = ByteBuffer.allocate((int) count);
            file.read(buf, position);
            write(buf.flip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void pauseReading() {
        pauses++;
    }

    @Override
    public void resumeReading() {
        resumes++;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public void abort() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean draining() {
        return false;
    }

    @Override
    public void deadline(Duration timeout, String reason) {
        deadline = reason;
    }

    @Override
    public void clearDeadline() {
        deadline = null;
    }

    @Override
    public long id() {
        return 1;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public long bytesIn() {
        return 0;
    }

    @Override
    public long bytesOut() {
        return out.size();
    }
}
