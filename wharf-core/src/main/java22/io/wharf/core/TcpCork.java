package io.wharf.core;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * TCP_CORK through the foreign function API (Java 22+, Linux): {@code setsockopt(fd, IPPROTO_TCP, TCP_CORK)}.
 * The socket's descriptor comes from the JDK's channel implementation, which the jar's manifest exports
 * ({@code Add-Exports: java.base/sun.nio.ch}); where any of this is missing, corking quietly does nothing.
 *
 * <p>Threading: safe from any thread; call it from the thread that writes the connection.
 */
public final class TcpCork {

    private static final int IPPROTO_TCP = 6;
    private static final int TCP_CORK = 3;
    private static final MethodHandle SETSOCKOPT;
    private static final Method FD_VAL;

    static {
        MethodHandle setsockopt = null;
        Method fdVal = null;
        try {
            if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                Linker linker = Linker.nativeLinker();
                setsockopt = linker.downcallHandle(linker.defaultLookup().find("setsockopt").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            setsockopt = null;
            fdVal = null;
        }
        SETSOCKOPT = setsockopt;
        FD_VAL = fdVal;
    }

    private TcpCork() {
    }

    public static boolean supported() {
        return SETSOCKOPT != null && FD_VAL != null;
    }

    public static void set(SocketChannel channel, boolean on) {
        if (!supported()) {
            return;
        }
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            int fd = (int) FD_VAL.invoke(channel);
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, on ? 1 : 0);
            int rc = (int) SETSOCKOPT.invokeExact(fd, IPPROTO_TCP, TCP_CORK, value, (int) ValueLayout.JAVA_INT.byteSize());
            if (rc != 0) {
                return; // a closed socket, say: the write that follows reports it
            }
        } catch (Throwable e) {
            // corking is an optimisation: never fail a response over it
        }
    }
}
