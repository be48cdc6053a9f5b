package io.wharf.http.server;

import io.wharf.http.codec.ResponseHead;
import io.wharf.http.files.MimeTypes;
import io.wharf.http.files.Validators;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the headers of a file's responses need, worked out once per version of the file (its size and mtime)
 * instead of per request: media type, validators, and the encoded fields of a full {@code 200}. A file that
 * changes gets a new entry on its next request, since the caller passes the attributes it has just read.
 * Bounded: past {@link #MAX_ENTRIES} files it starts afresh rather than tracking use.
 *
 * <p>Threading: thread-safe; entries are immutable and racing requests may each compute one.
 */
final class FileHeads {

    static final int MAX_ENTRIES = 4096;
    private static final MimeTypes MIME = MimeTypes.defaults();

    /** One version of one file. {@code full} holds the fields of a complete 200, Content-Length included. */
    record Head(long size, FileTime modified, String type, boolean compressible, Validators validators,
                ResponseHead.Fields full) {
    }

    private final boolean etag;
    private final boolean varyOnEncoding;
    private final ConcurrentHashMap<Path, Head> heads = new ConcurrentHashMap<>();

    /**
     * @param etag           send ETags
     * @param precompressed  precompressed siblings may be served, so every file's answer varies by encoding
     */
    FileHeads(boolean etag, boolean precompressed) {
        this.etag = etag;
        this.varyOnEncoding = precompressed;
    }

    Head of(Path file, BasicFileAttributes attributes) {
        Head head = heads.get(file);
        if (head != null && head.size() == attributes.size() && head.modified().equals(attributes.lastModifiedTime())) {
            return head;
        }
        head = compute(file, attributes);
        if (heads.size() >= MAX_ENTRIES) {
            heads.clear();
        }
        heads.put(file, head);
        return head;
    }

    private Head compute(Path file, BasicFileAttributes attributes) {
        String type = MIME.contentTypeOf(file.getFileName().toString());
        boolean compressible = MimeTypes.isCompressible(type);
        Validators validators = Validators.of(attributes, etag);
        java.util.List<String> fields = new java.util.ArrayList<>(12);
        fields.add("Last-Modified");
        fields.add(validators.lastModifiedHeader());
        validators.etag().ifPresent(tag -> {
            fields.add("ETag");
            fields.add(tag);
        });
        if (compressible || varyOnEncoding) {
            fields.add("Vary");
            fields.add("Accept-Encoding");
        }
        fields.addAll(java.util.List.of("Content-Type", type, "Accept-Ranges", "bytes",
                "Content-Length", Long.toString(attributes.size())));
        return new Head(attributes.size(), attributes.lastModifiedTime(), type, compressible, validators,
                ResponseHead.encodeFields(fields.toArray(String[]::new)));
    }
}
