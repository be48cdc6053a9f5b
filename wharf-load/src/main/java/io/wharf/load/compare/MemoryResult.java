package io.wharf.load.compare;

/**
 * Memory per connection of one model: resident memory with {@code held} idle connections open minus with none,
 * divided by {@code held}. {@code opened} plain sockets were connected; {@code held} is how many the server
 * took (its descriptor count grew by that much): an iterative server takes one, the others wait in the
 * kernel's backlog and cost the server nothing. {@code bytesPerConnection} is -1 when nothing was held.
 */
public record MemoryResult(int opened, int held, long rssAtZero, long rssAtHeld, long bytesPerConnection) {

    public static final MemoryResult NONE = new MemoryResult(0, 0, -1, -1, -1);

    public static MemoryResult of(int opened, int held, long rssAtZero, long rssAtHeld) {
        long per = held > 0 && rssAtZero >= 0 && rssAtHeld >= 0 ? (rssAtHeld - rssAtZero) / held : -1;
        return new MemoryResult(opened, held, rssAtZero, rssAtHeld, per);
    }

    /** Something was held and measured, so the charts draw it. */
    public boolean measured() {
        return bytesPerConnection >= 0;
    }
}
