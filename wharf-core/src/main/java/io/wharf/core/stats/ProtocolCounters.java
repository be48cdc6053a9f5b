package io.wharf.core.stats;

import java.util.Map;

/**
 * A protocol's own counters (HTTP's requests by status) in a form the core can carry between processes without
 * knowing them: flat names to values, each summable name by name. Under prefork each worker reports
 * {@link #export()} with its stats, and the master sums every worker's into the cluster's ({@link ClusterStats});
 * under {@code process} each child reports what its connection added, and the accepting process sums them.
 * Names start with the protocol ({@code http.requests}). Threading: {@link #export()} is safe from any thread.
 */
public interface ProtocolCounters {

    /** Every counter now, by name; a counter only ever grows, so sums over workers grow too. */
    Map<String, Long> export();
}
