package io.wharf.core.proxy;

import io.wharf.core.config.ConfigKey;

import java.util.List;

/**
 * The keys of PROXY protocol input, in {@code [server]} or per listener: {@code accept_proxy} and
 * {@code accept_proxy_from} ({@link ProxyLayer}).
 */
public final class ProxyKeys {

    public static final ConfigKey<Boolean> ACCEPT_PROXY = ConfigKey.bool("server", "accept_proxy", false, false,
            "connections from accept_proxy_from start with a PROXY protocol header (v1 or v2, before TLS): the "
                    + "client it names is the one handlers, logs and limits see");
    public static final ConfigKey<TrustedSources> ACCEPT_PROXY_FROM = ConfigKey.of("server", "accept_proxy_from",
            TrustedSources.parse(TrustedSources.LOOPBACK), true,
            "the proxies trusted to send a PROXY header: addresses and CIDR blocks, comma-separated; a header from "
                    + "any other address is refused", TrustedSources::parse);

    public static final List<ConfigKey<?>> ALL = List.of(ACCEPT_PROXY, ACCEPT_PROXY_FROM);

    private ProxyKeys() {
    }
}
