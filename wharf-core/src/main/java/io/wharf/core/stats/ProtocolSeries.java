package io.wharf.core.stats;

import java.util.List;
import java.util.Map;

/**
 * A protocol's own labelled series (a balancer's per-backend state and counts), which the admin endpoints
 * render without knowing the protocol: {@code /metrics} as Prometheus families, with the listener's labels
 * added, and {@code /stats} as a {@code "series"} list. A protocol publishes one with
 * {@code stats.publish(ProtocolSeries.class, ...)}. They describe this process only: under prefork the worker
 * that answers a scrape reports its own.
 *
 * <p>Threading: {@link #series} is called from the admin's threads, concurrently with the protocol's work.
 */
public interface ProtocolSeries {

    enum Kind { COUNTER, GAUGE }

    /**
     * One data point.
     *
     * @param name   the family name, {@code wharf_<protocol>_...}; a counter's without {@code _total}, which the
     *               exposition adds
     * @param help   one line for the family's {@code # HELP}
     * @param labels the point's own labels (say {@code backend}), in order
     */
    record Series(String name, String help, Kind kind, Map<String, String> labels, double value) {

        public Series {
            labels = Map.copyOf(labels);
        }
    }

    /** Every point now. */
    List<Series> series();
}
