package io.wharf.http.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The path of a request-target, percent-decoded exactly once and normalised: {@code .} and {@code ..}
 * removed, empty segments merged, never climbing above the root. Pure string work; no file system.
 *
 * <p>The raw target must hold one char per wire byte (ISO-8859-1), as the HTTP/1.1 parser produces it. The
 * raw path is split on {@code /} <em>before</em> decoding, so an encoded slash ({@code %2F}) or backslash can
 * never become a separator: a segment containing one is rejected, as is any control character (NUL
 * included), a malformed escape, and bytes that are not well-formed UTF-8 (overlong forms such as
 * {@code %C0%AE} included). Decoded {@code %2E%2E} is a dot segment like {@code ..}, and is normalised the
 * same way, so it cannot escape either.
 *
 * @param segments      the decoded segments, none empty, none {@code .} or {@code ..}
 * @param trailingSlash the path names a directory explicitly ({@code /a/}, {@code /a/.}, {@code /a/b/..})
 */
public record RequestPath(List<String> segments, boolean trailingSlash) {

    private static final Pattern ABSOLUTE_FORM = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*");

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** Either a path or the reason it was refused. */
    public sealed interface Parsed permits Valid, Rejected {
    }

    public record Valid(RequestPath path) implements Parsed {
    }

    public record Rejected(String reason) implements Parsed {
    }

    /**
     * Decodes and normalises {@code rawPath} (query already stripped). Absolute-form targets
     * ({@code http://host/p}) are reduced to their path.
     */
    public static Parsed parse(String rawPath) {
        String raw = rawPath;
        if (!raw.startsWith("/")) { // origin-form, the usual case, needs no regex
            var absolute = ABSOLUTE_FORM.matcher(raw);
            if (absolute.find()) {
                raw = raw.substring(absolute.end());
                if (raw.isEmpty()) {
                    raw = "/";
                }
            }
        }
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return new Rejected("not an origin-form path");
        }
        List<String> out = new ArrayList<>();
        String[] parts = raw.substring(1).split("/", -1);
        boolean trailingSlash = false;
        for (String part : parts) {
            String segment = decode(part);
            if (segment == null) {
                return new Rejected("bad percent-encoding or UTF-8");
            }
            String bad = badCharacter(segment);
            if (bad != null) {
                return new Rejected(bad);
            }
            trailingSlash = segment.isEmpty() || segment.equals(".") || segment.equals("..");
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    return new Rejected("'..' above the root");
                }
                out.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                out.add(segment);
            }
        }
        return new Valid(new RequestPath(out, trailingSlash || out.isEmpty()));
    }

    /** True when a segment is hidden under the dotfile rule. */
    public boolean hasDotSegment() {
        for (String s : segments) {
            if (s.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The canonical, re-encoded path, safe for a Location header (never starts with {@code //}). */
    public String encoded() {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(PathEncoding.encodeSegment(s));
        }
        if (trailingSlash || segments.isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The decoded path, for display ({@code /docs/a b/}). */
    public String decoded() {
        String joined = "/" + String.join("/", segments);
        return trailingSlash && !segments.isEmpty() ? joined + "/" : joined;
    }

    /** Percent-decodes one segment as UTF-8; null when an escape or the UTF-8 is malformed. */
    private static String decode(String part) {
        if (part.indexOf('%') < 0 && isAscii(part)) {
            return part;
        }
        ByteBuffer bytes = ByteBuffer.allocate(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    return null;
                }
                int hi = Character.digit(part.charAt(i + 1), 16);
                int lo = Character.digit(part.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c > 0xFF) {
                return null;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String badCharacter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/') {
                return "encoded '/' in a segment";
            }
            if (c == '\\') {
                return "backslash in the path";
            }
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                return c == 0 ? "NUL in the path" : "control character in the path";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return decoded();
    }
}
