package io.wharf.load.compare;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Memory per connection of one model: resident memory with {@code held} idle connections open minus with none,
 * divided by {@code held}. Of the {@code requested} idle sockets, {@code opened} were connected and {@code held}
 * taken by the server (its socket count grew by that much). When fewer were held than requested, {@code shortfall}
 * says why in a word and {@code why} in a sentence: an iterative server takes one and leaves the rest in the
 * kernel's backlog; a capped server turns the rest away; a process runs out of descriptors.
 * {@code bytesPerConnection} is -1 when nothing was held. Immutable.
 */
public record MemoryResult(int requested, int opened, int held, long rssAtZero, long rssAtHeld,
                           long bytesPerConnection, Shortfall shortfall, String why) {

    /**
     * Below this much growth in all, resident memory says nothing about the connections: a JVM's heap and
     * code cache move by hundreds of KiB on their own, and VmRSS counts whole pages. With 10 idle connections an
     * event loop's few hundred bytes each are far below it.
     */
    public static final long RESOLUTION_BYTES = 256 * 1024;

    /** Not measured (--idle 0, or the server did not start). */
    public static final MemoryResult NONE = new MemoryResult(0, 0, 0, -1, -1, -1, Shortfall.NONE, "");

    /** Why fewer idle connections were held than requested. */
    public enum Shortfall {
        /** Every requested connection was held. */
        NONE(""),
        /** The server answered some (a busy reply, a 503) and closed them: a cap such as max_connections. */
        TURNED_AWAY("turned away"),
        /** The server ran out of file descriptors. */
        SERVER_FILE_LIMIT("server fd limit"),
        /** This process ran out of file descriptors before it could open them all. */
        OWN_FILE_LIMIT("compare fd limit"),
        /** A connect failed or timed out, and the server shows no reason of its own. */
        CONNECT_FAILED("connect failed"),
        /** Connected, but never accepted: they wait in the kernel's backlog (an iterative server takes one). */
        BACKLOG("backlog"),
        /** The server's /proc could not be read, so nothing could be counted. */
        UNREADABLE("/proc unreadable");

        private final String label;

        Shortfall(String label) {
            this.label = label;
        }

        /** A few words for the table. */
        public String label() {
            return label;
        }
    }

    public static MemoryResult of(int requested, int opened, int held, long rssAtZero, long rssAtHeld,
                                  Shortfall shortfall, String why) {
        long per = held > 0 && rssAtZero >= 0 && rssAtHeld >= 0 ? (rssAtHeld - rssAtZero) / held : -1;
        return new MemoryResult(requested, opened, held, rssAtZero, rssAtHeld, per, shortfall, why);
    }

    /** The held connections moved resident memory by less than {@link #RESOLUTION_BYTES}: no figure to give. */
    @JsonProperty
    public boolean belowMeasurement() {
        return bytesPerConnection >= 0 && rssAtHeld - rssAtZero < RESOLUTION_BYTES;
    }

    /** A figure the tables and charts can show. */
    public boolean measured() {
        return bytesPerConnection >= 0 && !belowMeasurement();
    }
}
