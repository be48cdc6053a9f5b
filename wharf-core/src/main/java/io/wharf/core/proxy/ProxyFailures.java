package io.wharf.core.proxy;

import io.wharf.core.stats.FailureCounter;
import io.wharf.core.stats.ProtocolCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A listener's PROXY protocol counters: headers read by version, and refusals by kind
 * ({@code proxy.failed.missing}, {@code proxy.failed.malformed}, {@code proxy.failed.untrusted}), published with
 * its stats so {@code /stats} and {@code /metrics} show them. A refusal is logged once per kind per minute, with
 * the count so far, so a misconfigured proxy or a flood of forgers costs one line a minute.
 *
 * <p>Threading: thread-safe.
 */
public final class ProxyFailures implements ProtocolCounters {

    private static final Logger log = LoggerFactory.getLogger("wharf.proxy");

    /** Why a connection was refused, as the stats name it. */
    public enum Kind {
        /** A trusted peer's connection did not start with a PROXY header. */
        MISSING,
        /** A PROXY header that does not parse. */
        MALFORMED,
        /** A PROXY header from an address not in {@code accept_proxy_from}. */
        UNTRUSTED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String listener;
    private final LongAdder v1 = new LongAdder();
    private final LongAdder v2 = new LongAdder();
    private final FailureCounter<Kind> failures = new FailureCounter<>();

    public ProxyFailures(String listener) {
        this.listener = listener;
    }

    void read(int version) {
        (version == 1 ? v1 : v2).increment();
    }

    void failed(Kind kind, String peer, String detail) {
        long soFar = failures.count(kind);
        if (soFar > 0) {
            log.warn("{}: proxy {} from {}: {}; closed ({} so far; logged once a minute per kind)", listener,
                    kind.key(), peer, detail, soFar);
        } else {
            log.debug("{}: proxy {} from {}: {}; closed", listener, kind.key(), peer, detail);
        }
    }

    public long failures(Kind kind) {
        return failures.get(kind);
    }

    /** Headers read, v1 and v2 together. */
    public long headers() {
        return v1.sum() + v2.sum();
    }

    @Override
    public Map<String, Long> export() {
        Map<String, Long> out = new TreeMap<>();
        out.put("proxy.headers_v1", v1.sum());
        out.put("proxy.headers_v2", v2.sum());
        for (Kind k : Kind.values()) {
            out.put("proxy.failed." + k.key(), failures(k));
        }
        return out;
    }
}
