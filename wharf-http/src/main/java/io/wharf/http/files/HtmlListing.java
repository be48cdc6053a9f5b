package io.wharf.http.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A directory listing page: names HTML-escaped, links percent-encoded and relative (so they work behind any
 * prefix), sizes human-readable, dates in UTC, and a parent link except at the root.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class HtmlListing {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HtmlListing() {
    }

    /** @param path the decoded request path of the directory, ending in {@code /} */
    public static String render(String path, List<DirectoryListing.Entry> entries) {
        String title = "Index of " + escape(path);
        StringBuilder sb = new StringBuilder(512 + entries.size() * 160);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width\">\n")
                .append("<title>").append(title).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em 1.5em .2em 0;")
                .append("text-align:left}td.size{text-align:right}</style>\n")
                .append("</head>\n<body>\n<h1>").append(title).append("</h1>\n<table>\n")
                .append("<thead><tr><th>Name</th><th>Size</th><th>Last modified</th></tr></thead>\n<tbody>\n");
        if (!path.equals("/")) {
            sb.append("<tr><td><a href=\"../\">../</a></td><td class=\"size\">-</td><td></td></tr>\n");
        }
        for (DirectoryListing.Entry e : entries) {
            String slash = e.directory() ? "/" : "";
            Instant modified = e.modified().truncatedTo(ChronoUnit.SECONDS);
            sb.append("<tr><td><a href=\"").append(PathEncoding.encodeSegment(e.name())).append(slash).append("\">")
                    .append(escape(e.name())).append(slash).append("</a></td><td class=\"size\">")
                    .append(e.directory() ? "-" : humanSize(e.size()))
                    .append("</td><td><time datetime=\"").append(modified).append("\">")
                    .append(DATE.format(modified)).append("</time></td></tr>\n");
        }
        return sb.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
