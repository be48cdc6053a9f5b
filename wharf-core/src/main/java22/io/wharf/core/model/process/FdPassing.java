package io.wharf.core.model.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * Hands a connected socket from one process to another over a Unix-domain socket: {@code sendmsg} with an
 * {@code SCM_RIGHTS} control message, {@code recvmsg} on the other side, through the foreign function API (this
 * is the Java 22+ version of the class, in the multi-release part of the jar; Linux x86-64 and aarch64).
 *
 * <p>The sender's own descriptor is then pointed at a dead socket pair ({@code dup2}, as the JDK does before
 * closing a channel), so the child holds the only reference: its close is the client's FIN, and the sender's
 * channel can close later without touching the client. The receiver makes the descriptor its standard input
 * and takes it with {@link System#inheritedChannel()}, the JDK's public way to wrap a socket it did not open.
 * The descriptor numbers of JDK channels come from {@code sun.nio.ch}, which the jar's manifest exports
 * ({@code Add-Exports}); where any of this is missing, {@link #supported} is false and the bytes are relayed.
 *
 * <p>Threading: stateless; safe from any thread. {@link #receive} once per process: it claims stdin.
 */
final class FdPassing {

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int EINTR = 4;

    /** struct iovec; struct msghdr; struct cmsghdr followed by one int (CMSG_SPACE(4) = 24 on LP64). */
    private static final MemoryLayout IOVEC = MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("base"),
            ValueLayout.JAVA_LONG.withName("len"));
    private static final MemoryLayout MSGHDR = MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("name"),
            ValueLayout.JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("iov"), ValueLayout.JAVA_LONG.withName("iovlen"),
            ValueLayout.ADDRESS.withName("control"), ValueLayout.JAVA_LONG.withName("controllen"),
            ValueLayout.JAVA_INT.withName("flags"), MemoryLayout.paddingLayout(4));
    private static final long CMSG_HEADER = 16;
    private static final long CMSG_SPACE = 24;

    private static final MethodHandle SENDMSG;
    private static final MethodHandle RECVMSG;
    private static final MethodHandle DUP2;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SOCKETPAIR;
    private static final VarHandle ERRNO;
    private static final MemoryLayout CAPTURE;
    private static final Method FD_VAL;
    private static final String UNSUPPORTED;

    static {
        MethodHandle send = null;
        MethodHandle recv = null;
        MethodHandle dup2 = null;
        MethodHandle close = null;
        MethodHandle pair = null;
        VarHandle errno = null;
        MemoryLayout capture = null;
        Method fdVal = null;
        String why = null;
        try {
            String arch = System.getProperty("os.arch", "");
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                why = "descriptor passing is implemented for Linux on x86-64 and aarch64 only";
            } else {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option errnoOption = Linker.Option.captureCallState("errno");
                capture = Linker.Option.captureStateLayout();
                errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                FunctionDescriptor msg = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
                send = linker.downcallHandle(libc.find("sendmsg").orElseThrow(), msg, errnoOption);
                recv = linker.downcallHandle(libc.find("recvmsg").orElseThrow(), msg, errnoOption);
                dup2 = linker.downcallHandle(libc.find("dup2").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                pair = linker.downcallHandle(libc.find("socketpair").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
                try (SocketChannel probe = SocketChannel.open()) {
                    fdVal.invoke(probe); // fails unless the jar's Add-Exports (or --add-exports) applies
                }
            }
        } catch (IllegalAccessException e) {
            why = "descriptor passing needs java.base/sun.nio.ch exported (run the jar with java -jar)";
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            why = "descriptor passing is unavailable: " + e;
        }
        boolean ok = why == null;
        SENDMSG = ok ? send : null;
        RECVMSG = ok ? recv : null;
        DUP2 = ok ? dup2 : null;
        CLOSE = ok ? close : null;
        SOCKETPAIR = ok ? pair : null;
        ERRNO = ok ? errno : null;
        CAPTURE = ok ? capture : null;
        FD_VAL = ok ? fdVal : null;
        UNSUPPORTED = why;
    }

    private FdPassing() {
    }

    static boolean supported() {
        return UNSUPPORTED == null;
    }

    static String unsupportedReason() {
        return UNSUPPORTED == null ? "" : UNSUPPORTED;
    }

    /** Sends {@code client}'s descriptor over {@code unix}, then lets go of it here without touching the socket. */
    static void send(SocketChannel unix, SocketChannel client) throws IOException {
        check();
        int clientFd = fd(client);
        sendFd(fd(unix), clientFd);
        try (Arena arena = Arena.ofConfined()) {
            detach(arena, clientFd);
        } catch (Throwable e) {
            // sent already: this side keeps a reference until its channel closes (see detach)
        }
    }

    /** Receives a socket sent with {@link #send}, as a blocking channel of this process. */
    static SocketChannel receive(SocketChannel unix) throws IOException {
        check();
        int fd = receiveFd(fd(unix));
        try {
            // stdin becomes the client's socket, which System.inheritedChannel() then wraps
            if ((int) DUP2.invokeExact(fd, 0) != 0) {
                throw new IOException("dup2 of the client's socket onto stdin failed");
            }
            int ignored = (int) CLOSE.invokeExact(fd); // stdin holds it now
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("dup2: " + e, e);
        }
        Channel inherited = System.inheritedChannel();
        if (!(inherited instanceof SocketChannel socket)) {
            throw new IOException("the descriptor received is not a connected stream socket: " + inherited);
        }
        return socket;
    }

    private static void sendFd(int unixFd, int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment byteOut = arena.allocate(1);
            MemorySegment control = arena.allocate(CMSG_SPACE, 8);
            control.set(ValueLayout.JAVA_LONG, 0, CMSG_HEADER + Integer.BYTES); // CMSG_LEN(sizeof(int))
            control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
            control.set(ValueLayout.JAVA_INT, CMSG_HEADER, fd);
            MemorySegment msg = message(arena, byteOut, control);
            MemorySegment state = arena.allocate(CAPTURE);
            long n;
            do {
                n = (long) SENDMSG.invokeExact(state, unixFd, msg, MSG_NOSIGNAL);
            } while (n < 0 && errno(state) == EINTR);
            if (n != 1) {
                throw new IOException("sendmsg failed: errno " + errno(state));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("sendmsg: " + e, e);
        }
    }

    /** The descriptor of one message sent with {@link #sendFd}, close-on-exec. */
    private static int receiveFd(int unixFd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment byteIn = arena.allocate(1);
            MemorySegment control = arena.allocate(CMSG_SPACE, 8);
            MemorySegment msg = message(arena, byteIn, control);
            MemorySegment state = arena.allocate(CAPTURE);
            long n;
            do {
                n = (long) RECVMSG.invokeExact(state, unixFd, msg, MSG_CMSG_CLOEXEC);
            } while (n < 0 && errno(state) == EINTR);
            if (n <= 0) {
                throw new IOException(n == 0 ? "the parent closed the control socket before sending the client's"
                        : "recvmsg failed: errno " + errno(state));
            }
            long controlLen = msg.get(ValueLayout.JAVA_LONG, MSGHDR.byteOffset(
                    MemoryLayout.PathElement.groupElement("controllen")));
            if (controlLen < CMSG_HEADER + Integer.BYTES || control.get(ValueLayout.JAVA_INT, 8) != SOL_SOCKET
                    || control.get(ValueLayout.JAVA_INT, 12) != SCM_RIGHTS) {
                throw new IOException("the parent's message carried no descriptor");
            }
            return control.get(ValueLayout.JAVA_INT, CMSG_HEADER);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("recvmsg: " + e, e);
        }
    }

    /**
     * Passes a descriptor once over a socket pair of this process, so the first real {@link #send} or
     * {@link #receive} does not pay for linking the native calls and running their memory accesses for the first
     * time: both sides do this before they serve (a spare before it says it is ready).
     */
    static void warm() {
        if (UNSUPPORTED != null) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            if ((int) SOCKETPAIR.invokeExact(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
                return;
            }
            int a = pair.getAtIndex(ValueLayout.JAVA_INT, 0);
            int b = pair.getAtIndex(ValueLayout.JAVA_INT, 1);
            try {
                sendFd(a, b);
                int received = receiveFd(b);
                int i = (int) DUP2.invokeExact(received, received); // a no-op that links dup2
                i = (int) CLOSE.invokeExact(received);
            } finally {
                int i = (int) CLOSE.invokeExact(a);
                i = (int) CLOSE.invokeExact(b);
            }
        } catch (Throwable e) {
            // warming is an optimisation: the real call reports any problem
        }
    }

    private static MemorySegment message(Arena arena, MemorySegment oneByte, MemorySegment control) {
        MemorySegment iov = arena.allocate(IOVEC);
        iov.set(ValueLayout.ADDRESS, 0, oneByte);
        iov.set(ValueLayout.JAVA_LONG, 8, 1L);
        MemorySegment msg = arena.allocate(MSGHDR); // zeroed: no name, no flags
        msg.set(ValueLayout.ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("iov")), iov);
        msg.set(ValueLayout.JAVA_LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("iovlen")), 1L);
        msg.set(ValueLayout.ADDRESS, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("control")), control);
        msg.set(ValueLayout.JAVA_LONG, MSGHDR.byteOffset(MemoryLayout.PathElement.groupElement("controllen")),
                CMSG_SPACE);
        return msg;
    }

    /**
     * Points {@code fd} at one end of a socket pair whose both ends are then closed: a dead, harmless socket.
     * The socket is sent already, so a failure here is no failure to pass: this side merely keeps a reference
     * until its channel closes (the client's FIN waits for that too).
     */
    private static void detach(Arena arena, int fd) throws Throwable {
        MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
        if ((int) SOCKETPAIR.invokeExact(AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
            return;
        }
        int a = pair.getAtIndex(ValueLayout.JAVA_INT, 0);
        int b = pair.getAtIndex(ValueLayout.JAVA_INT, 1);
        int ignored = (int) DUP2.invokeExact(a, fd);
        ignored = (int) CLOSE.invokeExact(a);
        ignored = (int) CLOSE.invokeExact(b);
    }

    private static int fd(SocketChannel channel) throws IOException {
        try {
            return (int) FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot read a channel's descriptor: " + e, e);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static void check() throws IOException {
        if (UNSUPPORTED != null) {
            throw new IOException(UNSUPPORTED);
        }
    }
}
