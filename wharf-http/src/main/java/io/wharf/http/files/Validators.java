package io.wharf.http.files;

import io.wharf.http.codec.HttpDate;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The validators of the representation being served: its entity tag (absent when ETags are turned off)
 * and its Last-Modified time, truncated to whole seconds because that is all an HTTP-date carries.
 */
public record Validators(Optional<String> etag, Instant lastModified) {

    public Validators {
        lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    }

    /** From the file's attributes; {@code withEtag} false leaves the tag out. */
    public static Validators of(BasicFileAttributes attributes, boolean withEtag) {
        return new Validators(withEtag ? Optional.of(ETags.of(attributes)) : Optional.empty(),
                attributes.lastModifiedTime().toInstant());
    }

    /** The Last-Modified field value. */
    public String lastModifiedHeader() {
        return HttpDate.format(lastModified);
    }
}
