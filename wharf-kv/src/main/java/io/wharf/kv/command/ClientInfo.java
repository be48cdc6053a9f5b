package io.wharf.kv.command;

import java.net.InetSocketAddress;

/**
 * What CLIENT LIST shows of a client beyond its state proper, and the per-client switches CLIENT sets: when it
 * connected and last sent a command, that command's name, its local address, the input it has sent but not had
 * run (while blocked), CLIENT REPLY's mode, CLIENT NO-EVICT, and whether it is a MONITOR.
 *
 * <p>Threading: written by the client's handler thread (or its commands, under the key space's lock), read by
 * any client's CLIENT LIST; every field is volatile.
 */
public final class ClientInfo {

    private final long createdMillis = System.currentTimeMillis();
    private volatile long lastInteraction = createdMillis;
    private volatile String lastCommand = "NULL";
    private volatile InetSocketAddress localAddress;
    /** CLIENT REPLY: on, off, or skip (the next command's reply only). */
    private volatile String replyMode = "on";
    private volatile boolean noEvict;
    private volatile boolean monitor;
    private volatile long queryBuffer;

    long createdMillis() {
        return createdMillis;
    }

    long lastInteraction() {
        return lastInteraction;
    }

    /** The client sent a command at {@code millis}; stored only when it changes (a volatile store is a fence). */
    void interacted(long millis) {
        if (lastInteraction != millis) {
            lastInteraction = millis;
        }
    }

    /** The full name of the last command run (CLIENT LIST's {@code cmd}). */
    String lastCommand() {
        return lastCommand;
    }

    void lastCommand(String name) {
        if (!name.equals(lastCommand)) { // names are the table's strings, so this is mostly one reference check
            lastCommand = name;
        }
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The server's side of the connection (CLIENT LIST's {@code laddr}); set once by the handler. */
    public void localAddress(InetSocketAddress a) {
        localAddress = a;
    }

    /** Bytes of input kept unrun (CLIENT LIST's {@code qbuf}). */
    long queryBuffer() {
        return queryBuffer;
    }

    /** The handler keeps {@code bytes} of input until the client may run it. */
    public void queryBuffer(long bytes) {
        queryBuffer = bytes;
    }

    String replyMode() {
        return replyMode;
    }

    void replyMode(String mode) {
        replyMode = mode;
    }

    /** CLIENT NO-EVICT on: a flag for eviction to read, as in Redis. */
    public boolean noEvict() {
        return noEvict;
    }

    void noEvict(boolean yes) {
        noEvict = yes;
    }

    /** True once MONITOR has made this client a monitor. */
    boolean monitor() {
        return monitor;
    }

    void monitor(boolean yes) {
        monitor = yes;
    }
}
