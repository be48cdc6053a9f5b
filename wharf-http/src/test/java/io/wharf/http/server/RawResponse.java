package io.wharf.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP response read off a raw socket, strictly: status line, headers, then exactly the body the
 * headers announce (Content-Length or chunked; none for HEAD, 1xx, 204, 304). Tests use it to check
 * framing, so it trusts nothing and reads byte by byte.
 */
record RawResponse(String statusLine, int status, List<String[]> headers, byte[] body) {

    static RawResponse read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int c = l.indexOf(':');
            headers.add(new String[] {l.substring(0, c), l.substring(c + 1).trim()});
        }
        RawResponse r = new RawResponse(statusLine, status, headers, new byte[0]);
        if (head || status / 100 == 1 || status == 204 || status == 304) {
            return r;
        }
        byte[] body;
        if (r.header("Transfer-Encoding").map(v -> v.equalsIgnoreCase("chunked")).orElse(false)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (;;) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                out.write(in.readNBytes(n));
                if (!line(in).isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            body = out.toByteArray();
        } else {
            long len = Long.parseLong(r.header("Content-Length").orElseThrow(
                    () -> new IOException("no Content-Length nor chunked in " + statusLine)));
            body = in.readNBytes((int) len);
            if (body.length != len) {
                throw new IOException("body shorter than Content-Length");
            }
        }
        return new RawResponse(statusLine, status, headers, body);
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    long count(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).count();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    boolean closes() {
        return header("Connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false);
    }

    /** A CRLF-terminated line (a bare LF is a framing error); null at end of stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                if (sb.isEmpty()) {
                    return null;
                }
                throw new IOException("stream ended inside a line: " + sb);
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return sb.toString();
            }
            if (b == '\n') {
                throw new IOException("bare LF in response");
            }
            sb.append((char) b);
        }
    }
}
