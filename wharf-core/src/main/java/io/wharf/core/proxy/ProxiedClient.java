package io.wharf.core.proxy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a PROXY protocol header said about a connection: the real client ({@code source}) and the address it
 * connected to ({@code destination}), and in v2 the TLVs by type. A v2 {@code LOCAL} header (a proxy's own
 * health check) or a v1 {@code UNKNOWN} one names no client: then both addresses are the socket's own.
 *
 * <p>Threading: immutable (the TLV values are copies, and {@link #tlv} returns a copy).
 *
 * @param version 1 or 2
 * @param relayed false for {@code LOCAL}/{@code UNKNOWN}: the addresses are the socket's
 */
public record ProxiedClient(int version, boolean relayed, InetSocketAddress source, InetSocketAddress destination,
                            Map<Integer, byte[]> tlvs) {

    public ProxiedClient {
        tlvs = Map.copyOf(tlvs);
    }

    /** The value of the TLV of {@code type} (0..255), if the header had one. */
    public Optional<byte[]> tlv(int type) {
        byte[] v = tlvs.get(type);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The W3C {@code traceparent} a wharf balancer sent in its TLV ({@link ProxyHeader#TRACE_CONTEXT}). */
    public Optional<String> traceparent() {
        byte[] v = tlvs.get(ProxyHeader.TRACE_CONTEXT);
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.US_ASCII));
    }
}
