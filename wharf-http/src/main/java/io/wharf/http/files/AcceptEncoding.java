package io.wharf.http.files;

import io.wharf.http.HttpHeaders;

import java.util.List;
import java.util.Locale;

/**
 * What content codings a client accepts (RFC 9110 §12.5.3), with their weights. {@code x-gzip} counts as
 * {@code gzip}. Without an Accept-Encoding field only identity is assumed, as nginx and Caddy do (the RFC
 * allows anything, but clients that send nothing usually cannot decode anything).
 *
 * <p>Threading: immutable and thread-safe.
 */
public final class AcceptEncoding {

    private static final AcceptEncoding IDENTITY_ONLY = new AcceptEncoding(List.of());

    private final List<QualityList.Item> items;

    private AcceptEncoding(List<QualityList.Item> items) {
        this.items = items;
    }

    /** From every Accept-Encoding field of a request. */
    public static AcceptEncoding of(HttpHeaders headers) {
        List<String> values = headers.all("Accept-Encoding");
        return values.isEmpty() ? IDENTITY_ONLY : new AcceptEncoding(QualityList.parse(values));
    }

    /** From one field value. */
    public static AcceptEncoding parse(String value) {
        return new AcceptEncoding(QualityList.parse(List.of(value)));
    }

    /**
     * The weight (0..1000) of a coding: its own entry, else {@code *}, else 1000 for identity (always
     * acceptable unless excluded) and 0 for anything else.
     */
    public int quality(String coding) {
        String wanted = canonical(coding);
        int star = -1;
        for (QualityList.Item item : items) {
            String value = canonical(item.value());
            if (value.equals(wanted)) {
                return item.quality();
            }
            if (value.equals("*")) {
                star = item.quality();
            }
        }
        if (star >= 0) {
            return star;
        }
        return wanted.equals("identity") ? 1000 : 0;
    }

    /** True when the client accepts no coding but identity (the usual request without Accept-Encoding). */
    public boolean identityOnly() {
        return this == IDENTITY_ONLY;
    }

    public boolean accepts(String coding) {
        return quality(coding) > 0;
    }

    private static String canonical(String coding) {
        String c = coding.toLowerCase(Locale.ROOT);
        return c.equals("x-gzip") ? "gzip" : c;
    }
}
