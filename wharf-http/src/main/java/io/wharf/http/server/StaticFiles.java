package io.wharf.http.server;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.files.AcceptEncoding;
import io.wharf.http.files.ByteRange;
import io.wharf.http.files.ByteRanges;
import io.wharf.http.files.ContentNegotiation;
import io.wharf.http.files.DirectoryListing;
import io.wharf.http.files.ETags;
import io.wharf.http.files.FileCache;
import io.wharf.http.files.HtmlListing;
import io.wharf.http.files.JsonListing;
import io.wharf.http.files.MultipartByteranges;
import io.wharf.http.files.PathResolver;
import io.wharf.http.files.Precompressed;
import io.wharf.http.files.Preconditions;
import io.wharf.http.files.RangeDecision;
import io.wharf.http.files.Resolution;
import io.wharf.http.files.Validators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Serves one document root: resolves the path safely, then answers with validators, conditionals, ranges,
 * compression (precompressed siblings or gzip on the fly) and listings; file bodies go out zero-copy.
 *
 * <p>Threading: immutable; called concurrently by connection threads. What reads or compresses a whole file
 * or directory (gzip on the fly, a cacheable file not in the cache yet, a listing) goes through
 * {@link Exchange#offload}, so under {@code reactor} it runs on the worker pool and not on an event loop; a
 * cache hit, and a file that goes out zero-copy, stay on the calling thread.
 */
final class StaticFiles {

    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private final HttpSettings settings;
    private final PathResolver resolver;
    private final Precompressed precompressed;
    /** Null when {@code file_cache = 0}. */
    private final FileCache cache;
    private final FileHeads heads;

    StaticFiles(HttpSettings settings, Path root, FileCache cache) {
        this.settings = settings;
        this.cache = cache;
        this.heads = new FileHeads(settings.etag(), settings.precompressed());
        this.resolver = VirtualHosts.resolver(settings, root);
        this.precompressed = new Precompressed(resolver);
    }

    void serve(Exchange exchange) {
        HttpRequest request = exchange.request();
        Resolution resolution = resolver.resolve(request.rawPath());
        switch (resolution) {
            case Resolution.Forbidden f -> exchange.sendText(403, new HttpHeaders(), "403 Forbidden\n");
            case Resolution.NotFound n -> exchange.sendText(404, new HttpHeaders(), "404 Not Found\n");
            case Resolution.Redirect r -> {
                // from the target's '?': an absolute-form target's path does not start the target
                int q = request.target().indexOf('?');
                String query = q < 0 ? "" : request.target().substring(q);
                exchange.sendText(301, new HttpHeaders().add("Location", r.location() + query),
                        "301 Moved Permanently\n");
            }
            case Resolution.Directory d -> {
                if (allowed(exchange)) {
                    listing(exchange, d);
                }
            }
            case Resolution.Found f -> {
                if (allowed(exchange)) {
                    file(exchange, f.file(), f.attributes());
                }
            }
        }
    }

    /** GET and HEAD go on; OPTIONS is answered with Allow; anything else is 405. */
    private static boolean allowed(Exchange exchange) {
        String method = exchange.request().method();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        HttpHeaders headers = new HttpHeaders().add("Allow", ALLOW);
        if (method.equals("OPTIONS")) {
            exchange.send(204, headers, new byte[0]);
        } else {
            exchange.sendText(405, headers, "405 Method Not Allowed\n");
        }
        return false;
    }

    private void listing(Exchange exchange, Resolution.Directory d) {
        if (!settings.listing()) {
            exchange.sendText(403, new HttpHeaders(), "403 Forbidden\n");
            return;
        }
        exchange.offload("list directory", () -> entries(d.dir()), (x, entries) -> listing(x, d, entries)); // reads a directory
    }

    private void listing(Exchange exchange, Resolution.Directory d, Optional<List<DirectoryListing.Entry>> entries) {
        if (entries.isEmpty()) {
            exchange.sendText(403, new HttpHeaders(), "403 Forbidden\n");
            return;
        }
        boolean json = ContentNegotiation.prefersJson(exchange.request().headers());
        String body = json ? JsonListing.render(entries.get()) : HtmlListing.render(d.path(), entries.get());
        HttpHeaders headers = new HttpHeaders()
                .add("Content-Type", json ? JsonListing.CONTENT_TYPE : HtmlListing.CONTENT_TYPE)
                .add("Vary", "Accept");
        exchange.sendChunked(200, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Blocking: run off the loop. Empty when the directory cannot be read. */
    private Optional<List<DirectoryListing.Entry>> entries(Path dir) {
        try {
            return Optional.of(DirectoryListing.read(dir, resolver));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void file(Exchange exchange, Path file, BasicFileAttributes attributes) {
        HttpRequest request = exchange.request();
        FileHeads.Head head = heads.of(file, attributes);
        String type = head.type();
        Validators validators = head.validators();
        switch (Preconditions.evaluate(request.method(), request.headers(), validators)) {
            case NOT_MODIFIED -> {
                // what the 200 would carry for caches, Vary included (RFC 9110 section 15.4.5)
                exchange.send(304, representationHeaders(head), new byte[0]);
                return;
            }
            case PRECONDITION_FAILED -> {
                exchange.sendText(412, new HttpHeaders(), "412 Precondition Failed\n");
                return;
            }
            case PROCEED -> {
            }
        }
        long length = attributes.size();
        RangeDecision range = ByteRanges.evaluate(request.method(), request.headers(), length, validators,
                settings.maxRanges());
        if (!(range instanceof RangeDecision.Full)) {
            ranges(exchange, file, type, length, representationHeaders(head), range);
            return;
        }
        AcceptEncoding accept = AcceptEncoding.of(request.headers());
        if (!accept.identityOnly() && encoded(exchange, file, head, accept)) {
            return;
        }
        if (cache != null && cache.cacheable(attributes)) {
            Optional<ByteBuffer> hit = cache.get(file, attributes);
            if (hit.isPresent()) {
                exchange.send(200, head.full(), hit.get()); // the hot path: no hand-off, one write
            } else {
                exchange.offload("read file", () -> load(file, attributes), (x, content) -> full(x, file, head, content));
            }
            return;
        }
        exchange.sendFile(200, head.full(), open(file), 0, length);
    }

    /** A full 200 once a cache miss was read: from memory, or zero-copy if it could not be cached after all. */
    private static void full(Exchange exchange, Path file, FileHeads.Head head, Optional<ByteBuffer> content) {
        if (content.isPresent()) {
            exchange.send(200, head.full(), content.get());
        } else {
            exchange.sendFile(200, head.full(), open(file), 0, head.size());
        }
    }

    /** A precompressed sibling or gzip on the fly, when the client accepts one; false to send the file as is. */
    private boolean encoded(Exchange exchange, Path file, FileHeads.Head head, AcceptEncoding accept) {
        if (settings.precompressed()) {
            var variant = precompressed.choose(file, accept);
            if (variant.isPresent()) {
                Validators v = Validators.of(variant.get().attributes(), settings.etag());
                HttpHeaders h = validatorHeaders(v).add("Vary", "Accept-Encoding").add("Content-Type", head.type())
                        .add("Content-Encoding", variant.get().coding().token());
                exchange.sendFile(200, h, open(variant.get().file()), 0, variant.get().attributes().size());
                return true;
            }
        }
        long length = head.size();
        if (settings.gzip() && length <= settings.gzipMaxSize()
                && ContentNegotiation.gzipOnTheFly(head.type(), length, accept)) {
            HttpHeaders headers = representationHeaders(head);
            head.validators().etag().ifPresent(tag -> headers.set("ETag", ETags.weaken(tag)));
            headers.add("Content-Type", head.type()).add("Content-Encoding", "gzip");
            exchange.offload("gzip", () -> gzip(file), (x, body) -> x.sendChunked(200, headers, body)); // reads and deflates
            return true;
        }
        return false;
    }

    /** Validators and Vary: the fields every 200 or 206 of the file carries, with its own Content-Type. */
    private HttpHeaders representationHeaders(FileHeads.Head head) {
        HttpHeaders headers = validatorHeaders(head.validators());
        if (head.compressible() || settings.precompressed()) {
            headers.add("Vary", "Accept-Encoding");
        }
        return headers;
    }

    /**
     * Reads a small file into the cache, so the next requests get one write instead of open + sendfile + close.
     * Blocking: run off the loop.
     */
    private Optional<ByteBuffer> load(Path file, BasicFileAttributes attributes) {
        try {
            return cache.load(file, attributes);
        } catch (IOException e) {
            return Optional.empty(); // served from the file instead, which reports its own error
        }
    }

    private static void ranges(Exchange exchange, Path file, String type, long length, HttpHeaders headers,
                               RangeDecision decision) {
        headers.add("Accept-Ranges", "bytes");
        switch (decision) {
            case RangeDecision.Unsatisfiable u -> {
                headers.add("Content-Range", "bytes */" + u.length());
                exchange.sendText(416, headers, "416 Range Not Satisfiable\n");
            }
            case RangeDecision.Partial p when p.ranges().size() == 1 -> {
                ByteRange r = p.ranges().get(0);
                headers.add("Content-Type", type).add("Content-Range", r.contentRange(length));
                exchange.sendFile(206, headers, open(file), r.first(), r.length());
            }
            case RangeDecision.Partial p -> {
                MultipartByteranges body = new MultipartByteranges(p.ranges(), type, length);
                headers.add("Content-Type", body.contentType());
                exchange.startParts(206, headers, body.contentLength());
                for (MultipartByteranges.Segment s : body.segments()) {
                    switch (s) {
                        case MultipartByteranges.Bytes b -> exchange.part(b.bytes());
                        case MultipartByteranges.FileRegion region -> exchange.part(open(file), region.position(),
                                region.count());
                    }
                }
            }
            case RangeDecision.Full f -> throw new IllegalStateException("a full response is not a range");
        }
    }

    private static HttpHeaders validatorHeaders(Validators v) {
        HttpHeaders headers = new HttpHeaders().add("Last-Modified", v.lastModifiedHeader());
        v.etag().ifPresent(tag -> headers.add("ETag", tag));
        return headers;
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocking: run off the loop. */
    private static byte[] gzip(Path file) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out, 16 * 1024)) {
                Files.copy(file, gz);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
