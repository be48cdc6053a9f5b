package io.wharf.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads and writes of a non-blocking socket. This is the Java 21 version: plain {@link SocketChannel} calls.
 * On Java 22+ the jar carries another version of this class (multi-release) that calls {@code recv(2)} and
 * {@code send(2)} on the socket's raw descriptor through the foreign function API, which saves the JDK's
 * per-call channel bookkeeping and the kernel's VFS layer ({@code read}/{@code write} go through
 * {@code vfs_read}, {@code rw_verify_area} and the LSM hook; {@code recv}/{@code send} do not).
 *
 * <p>Contract, for both versions: {@link #read} returns the bytes read, 0 when the socket has none now, -1 at
 * end of stream; {@link #write} returns the bytes written, 0 when the socket takes none now; both advance the
 * buffer's position and throw {@link IOException} with the system's message on any other failure.
 *
 * <p>Threading: stateless; a descriptor must only be used while its channel is open, so call these from the
 * one thread that also closes the channel (an event loop).
 */
public final class SocketIo {

    private SocketIo() {
    }

    /** True when reads and writes go to the raw descriptor (the Java 22+ version, with the JDK's export). */
    public static boolean raw() {
        return false;
    }

    /** What is in use, for the log line at start-up. */
    public static String describe() {
        return "NIO SocketChannel read/write (recv/send on the raw descriptor needs Java 22+)";
    }

    /** The channel's descriptor, or -1 when {@link #raw} is false: then the calls below use the channel. */
    public static int fd(SocketChannel channel) {
        return -1;
    }

    public static int read(SocketChannel channel, int fd, ByteBuffer buf) throws IOException {
        return channel.read(buf);
    }

    public static int write(SocketChannel channel, int fd, ByteBuffer buf) throws IOException {
        return channel.write(buf);
    }
}
