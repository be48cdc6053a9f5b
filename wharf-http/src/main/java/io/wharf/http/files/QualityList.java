package io.wharf.http.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comma-separated field of weighted items, as in Accept and Accept-Encoding:
 * {@code gzip;q=0.8, br, *;q=0}. Parameters other than {@code q} are dropped; an item whose {@code q} is not
 * a valid qvalue is dropped too, so it neither grants nor refuses anything. Package-private helper.
 */
final class QualityList {

    /** One item: its value lower-cased without parameters, and its weight in thousandths (0..1000). */
    record Item(String value, int quality) {
    }

    private QualityList() {
    }

    static List<Item> parse(List<String> fieldValues) {
        List<Item> items = new ArrayList<>();
        for (String field : fieldValues) {
            for (String element : field.split(",")) {
                Item item = item(element);
                if (item != null) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    private static Item item(String element) {
        String[] parts = element.split(";");
        String value = parts[0].trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return null;
        }
        int quality = 1000;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("q")) {
                quality = qvalue(param.substring(eq + 1).trim());
                if (quality < 0) {
                    return null;
                }
            }
        }
        return new Item(value, quality);
    }

    /** RFC 9110 §12.4.2 qvalue in thousandths, or -1: {@code 0}, {@code 0.5}, {@code 1.000}. */
    static int qvalue(String s) {
        if (s.isEmpty() || s.length() > 5 || (s.charAt(0) != '0' && s.charAt(0) != '1')) {
            return -1;
        }
        int whole = s.charAt(0) - '0';
        if (s.length() == 1) {
            return whole * 1000;
        }
        if (s.charAt(1) != '.') {
            return -1;
        }
        int fraction = 0;
        for (int i = 2; i < 5; i++) {
            int digit = 0;
            if (i < s.length()) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                digit = c - '0';
            }
            fraction = fraction * 10 + digit;
        }
        return whole == 1 && fraction > 0 ? -1 : whole * 1000 + fraction;
    }
}
