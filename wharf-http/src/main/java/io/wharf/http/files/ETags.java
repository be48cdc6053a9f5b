package io.wharf.http.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Entity tags (RFC 9110 §8.8.3): making one from a file's size and mtime, parsing If-Match / If-None-Match
 * lists, and the strong and weak comparisons. A tag is kept as it appears on the wire, quotes and any
 * {@code W/} prefix included.
 *
 * <p>Like nginx's, the tag changes when size or mtime does; a rewrite that keeps both (within the file
 * system's mtime resolution) is not seen. Threading: stateless and thread-safe.
 */
public final class ETags {

    private ETags() {
    }

    /** A strong tag, {@code "<hex size>-<hex mtime in nanoseconds>"}. */
    public static String strong(long size, FileTime lastModified) {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(lastModified.to(TimeUnit.NANOSECONDS)) + "\"";
    }

    public static String of(BasicFileAttributes attributes) {
        return strong(attributes.size(), attributes.lastModifiedTime());
    }

    /**
     * The weak form of a tag, for a representation that is equivalent but not byte-identical, such as a
     * body gzipped on the fly: it still earns a 304, but never satisfies If-Match or If-Range.
     */
    public static String weaken(String tag) {
        return isWeak(tag) ? tag : "W/" + tag;
    }

    public static boolean isWeak(String tag) {
        return tag.startsWith("W/");
    }

    /** Strong comparison: both strong and the same opaque tag. */
    public static boolean strongMatch(String a, String b) {
        return !isWeak(a) && !isWeak(b) && a.equals(b);
    }

    /** Weak comparison: the same opaque tag, either or both may be weak. */
    public static boolean weakMatch(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    private static String opaque(String tag) {
        return isWeak(tag) ? tag.substring(2) : tag;
    }

    /**
     * The entity tags in a list-valued field ({@code "a", W/"b"}), or a list holding just {@code *}. Elements
     * that are not valid entity tags (such as unquoted tokens) are dropped, so they never match.
     */
    public static List<String> parseList(String value) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                tags.add("*");
                i++;
                continue;
            }
            int start = i;
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i < n && value.charAt(i) == '"') {
                int close = value.indexOf('"', i + 1);
                if (close < 0) {
                    break;
                }
                tags.add(value.substring(start, close + 1));
                i = close + 1;
            } else {
                // Not an entity tag: skip to the next element.
                int comma = value.indexOf(',', start);
                i = comma < 0 ? n : comma + 1;
            }
        }
        return tags;
    }
}
