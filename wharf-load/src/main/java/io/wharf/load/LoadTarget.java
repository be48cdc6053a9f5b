package io.wharf.load;

/**
 * A kind of load: makes one {@link Exchange} per connection. The built-ins are echo (line and raw) and HTTP
 * ({@link TargetKind}); other request/reply protocols (RESP commands) plug in by implementing this and calling
 * {@link LoadGenerator#run(LoadSpec, LoadTarget, LoadProgress)}. (Chat is fan-out and has its own driver,
 * {@link ChatLoad}.)
 *
 * <p>Threading: {@link #newExchange} may be called from several load threads at once; implementations keep
 * no mutable state of their own.
 */
@FunctionalInterface
public interface LoadTarget {

    /** The exchange for connection number {@code connection} (0-based, unique in the run). */
    Exchange newExchange(int connection);
}
