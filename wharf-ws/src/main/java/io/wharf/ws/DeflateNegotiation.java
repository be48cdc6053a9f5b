package io.wharf.ws;

import io.wharf.http.HttpHeaders;
import io.wharf.ws.codec.PerMessageDeflate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks a permessage-deflate offer (RFC 7692 section 5) from {@code Sec-WebSocket-Extensions}: the first one we
 * can honour. The JDK's {@link java.util.zip.Deflater} always compresses with a 32 KiB window, so an offer that
 * asks {@code server_max_window_bits} below 15 is declined (section 7.1.2.1 says to decline what cannot be
 * met) and the next is tried; {@code client_max_window_bits} is accepted as offered, since our inflater reads
 * any window up to 15 bits, and we never ask the client for a smaller one. Both {@code no_context_takeover}
 * parameters are accepted and echoed. An offer with an unknown or repeated parameter, or a bad value, is
 * declined. Threading: stateless.
 */
final class DeflateNegotiation {

    /** The agreed parameters and the response's extension value. */
    record Agreed(boolean clientNoContextTakeover, boolean serverNoContextTakeover, String response) {

        PerMessageDeflate codec() {
            return new PerMessageDeflate(clientNoContextTakeover, serverNoContextTakeover);
        }
    }

    private DeflateNegotiation() {
    }

    static Optional<Agreed> negotiate(HttpHeaders h) {
        for (String value : h.all("Sec-WebSocket-Extensions")) {
            for (String offer : value.split(",")) {
                Optional<Agreed> a = accept(offer);
                if (a.isPresent()) {
                    return a;
                }
            }
        }
        return Optional.empty();
    }

    /** One offer: {@code permessage-deflate; client_max_window_bits; server_no_context_takeover}. */
    static Optional<Agreed> accept(String offer) {
        String[] parts = offer.split(";");
        if (!parts[0].strip().equalsIgnoreCase("permessage-deflate")) {
            return Optional.empty();
        }
        boolean clientNct = false;
        boolean serverNct = false;
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? null : unquote(p.substring(eq + 1).strip());
            if (seen.contains(name)) {
                return Optional.empty();
            }
            seen.add(name);
            switch (name) {
                case "client_no_context_takeover" -> {
                    if (v != null) {
                        return Optional.empty();
                    }
                    clientNct = true;
                }
                case "server_no_context_takeover" -> {
                    if (v != null) {
                        return Optional.empty();
                    }
                    serverNct = true;
                }
                case "server_max_window_bits" -> {
                    if (bits(v) != 15) {
                        return Optional.empty(); // we cannot compress with a smaller window
                    }
                }
                case "client_max_window_bits" -> {
                    if (v != null && bits(v) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        StringBuilder r = new StringBuilder("permessage-deflate");
        if (clientNct) {
            r.append("; client_no_context_takeover");
        }
        if (serverNct) {
            r.append("; server_no_context_takeover");
        }
        return Optional.of(new Agreed(clientNct, serverNct, r.toString()));
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** 8 to 15, or -1 for anything else. */
    private static int bits(String v) {
        if (v == null || !v.matches("[0-9]{1,2}")) {
            return -1;
        }
        int b = Integer.parseInt(v);
        return b >= 8 && b <= 15 ? b : -1;
    }
}
