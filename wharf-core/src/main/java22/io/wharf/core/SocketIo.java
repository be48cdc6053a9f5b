package io.wharf.core;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * Reads and writes of a non-blocking socket through {@code recv(2)}/{@code send(2)} on its raw descriptor
 * (Java 22+, Linux; the foreign function API): the Java 22 version of this multi-release class. Per call it
 * saves the JDK's channel locks, blocker bookkeeping and buffer checks, and the kernel's VFS layer that
 * {@code read}/{@code write} pass through. The descriptor comes from the JDK's channel implementation, which
 * the jar's manifest exports ({@code Add-Exports: java.base/sun.nio.ch}); without that export or off Linux the
 * calls use the channel, so behaviour is the same either way. A heap buffer is read through the channel, and
 * written raw through a per-thread staging copy when small.
 *
 * <p>Contract: {@link #read} returns the bytes read, 0 when the socket has none now, -1 at end of stream;
 * {@link #write} returns the bytes written, 0 when the socket takes none now; both advance the buffer's
 * position and throw {@link IOException} with the system's message ({@code strerror}) on any other failure.
 *
 * <p>Threading: stateless but for a per-thread errno slot; a descriptor must only be used while its channel is
 * open, so call these from the one thread that also closes the channel (an event loop).
 */
public final class SocketIo {

    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** send(2) on a peer that closed must fail with EPIPE, not raise SIGPIPE. */
    private static final int MSG_NOSIGNAL = 0x4000;

    private static final MethodHandle RECV;
    private static final MethodHandle SEND;
    private static final MethodHandle STRERROR;
    private static final Method FD_VAL;
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    /** Where each loop thread's calls leave errno: one small segment per thread, never per call. */
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE));

    /**
     * A heap buffer up to this size is copied into the thread's staging segment and sent raw (replies of KV,
     * HTTP heads, chat lines); a larger one goes through the channel, whose gathering of the rest is unchanged.
     */
    private static final int STAGING_SIZE = 64 * 1024;
    private static final ThreadLocal<MemorySegment> STAGING =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STAGING_SIZE, 64));

    static {
        MethodHandle recv = null;
        MethodHandle send = null;
        MethodHandle strerror = null;
        Method fdVal = null;
        try {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                Linker linker = Linker.nativeLinker();
                // ssize_t recv(int fd, void *buf, size_t len, int flags), and send alike; the buffer as an address
                FunctionDescriptor io = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
                Linker.Option errno = Linker.Option.captureCallState("errno");
                recv = linker.downcallHandle(linker.defaultLookup().find("recv").orElseThrow(), io, errno);
                send = linker.downcallHandle(linker.defaultLookup().find("send").orElseThrow(), io, errno);
                strerror = linker.downcallHandle(linker.defaultLookup().find("strerror").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
                try (SocketChannel probe = SocketChannel.open()) {
                    m.invoke(probe); // throws when java.base does not export sun.nio.ch to us
                }
                fdVal = m;
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            recv = null;
            send = null;
            fdVal = null;
        }
        RECV = recv;
        SEND = send;
        STRERROR = strerror;
        FD_VAL = fdVal;
    }

    private SocketIo() {
    }

    /** True when reads and writes go to the raw descriptor. */
    public static boolean raw() {
        return FD_VAL != null;
    }

    /** What is in use, for the log line at start-up. */
    public static String describe() {
        return raw() ? "recv/send on the raw descriptor (foreign function API)"
                : "NIO SocketChannel read/write (recv/send on the raw descriptor needs Linux and the jar's"
                  + " Add-Exports: java.base/sun.nio.ch)";
    }

    /** The channel's descriptor, or -1 when {@link #raw} is false: then the calls below use the channel. */
    public static int fd(SocketChannel channel) {
        if (FD_VAL == null) {
            return -1;
        }
        try {
            return (int) FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    // MemorySegment.ofBuffer(buf).address() is the buffer's address at its position; the view does not escape,
    // so once compiled it costs no allocation

    public static int read(SocketChannel channel, int fd, ByteBuffer buf) throws IOException {
        if (fd < 0 || !buf.isDirect()) {
            return channel.read(buf);
        }
        int pos = buf.position();
        int len = buf.limit() - pos;
        if (len == 0) {
            return 0;
        }
        long n = call(RECV, fd, MemorySegment.ofBuffer(buf).address(), len, 0);
        if (n == 0) {
            return -1; // recv's end of stream
        }
        if (n < 0) {
            return 0; // EAGAIN
        }
        buf.position(pos + (int) n);
        return (int) n;
    }

    public static int write(SocketChannel channel, int fd, ByteBuffer buf) throws IOException {
        int pos = buf.position();
        int len = buf.limit() - pos;
        if (fd < 0 || !buf.isDirect() && len > STAGING_SIZE) {
            return channel.write(buf);
        }
        if (len == 0) {
            return 0;
        }
        long address;
        if (buf.isDirect()) {
            address = MemorySegment.ofBuffer(buf).address();
        } else {
            // the copy the channel would make into its own temporary direct buffer, minus the channel's path
            MemorySegment staging = STAGING.get();
            if (buf.hasArray()) { // straight from the array: no heap segment made per write
                MemorySegment.copy(buf.array(), buf.arrayOffset() + pos, staging, ValueLayout.JAVA_BYTE, 0, len);
            } else {
                MemorySegment.copy(MemorySegment.ofBuffer(buf), 0, staging, 0, len);
            }
            address = staging.address();
        }
        long n = call(SEND, fd, address, len, MSG_NOSIGNAL);
        if (n < 0) {
            return 0; // EAGAIN
        }
        buf.position(pos + (int) n);
        return (int) n;
    }

    /** One recv or send, retried on EINTR: the count, or -1 for EAGAIN; an IOException for any other errno. */
    private static long call(MethodHandle h, int fd, long address, int len, int flags) throws IOException {
        MemorySegment state = ERRNO_SLOT.get();
        for (;;) {
            long n;
            try {
                n = (long) h.invokeExact(state, fd, address, (long) len, flags);
            } catch (Throwable e) {
                throw new IOException(e.toString(), e);
            }
            if (n >= 0) {
                return n;
            }
            int errno = (int) ERRNO.get(state, 0L);
            if (errno == EAGAIN) {
                return -1;
            }
            if (errno != EINTR) {
                throw new IOException(message(errno));
            }
        }
    }

    private static String message(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }
}
