/**
 * Static-file semantics, as small pure pieces the request handler calls; nothing here touches a socket.
 *
 * <p>A GET or HEAD for a file goes through them in this order:
 * <ol>
 *   <li>{@link io.wharf.http.files.PathResolver#resolve} the raw path: {@code Found}, {@code Directory},
 *       {@code Redirect} (301, append the query), {@code Forbidden} (403) or {@code NotFound} (404).</li>
 *   <li>For a file: {@link io.wharf.http.files.MimeTypes#contentTypeOf} its name; then
 *       {@link io.wharf.http.files.Precompressed#choose} a sibling for {@link io.wharf.http.files.AcceptEncoding};
 *       from here on the chosen variant's attributes are the ones that count (send
 *       {@code Vary: Accept-Encoding} either way).</li>
 *   <li>{@link io.wharf.http.files.Validators#of} those attributes, and
 *       {@link io.wharf.http.files.Preconditions#evaluate}: 304 or 412 stop here.</li>
 *   <li>{@link io.wharf.http.files.ByteRanges#evaluate} (If-Range included): 200, 206 with one range, 206 with
 *       {@link io.wharf.http.files.MultipartByteranges}, or 416.</li>
 *   <li>A full 200 with no precompressed variant may be gzipped on the fly when
 *       {@link io.wharf.http.files.ContentNegotiation#gzipOnTheFly} says so (weak ETag, chunked).</li>
 *   <li>The body: small files from the {@link io.wharf.http.files.FileCache}, others with
 *       {@code FileChannel.transferTo}.</li>
 * </ol>
 * A {@code Directory} is listed, when listings are on, with {@link io.wharf.http.files.DirectoryListing#read}
 * and {@link io.wharf.http.files.JsonListing} or {@link io.wharf.http.files.HtmlListing} as
 * {@link io.wharf.http.files.ContentNegotiation#prefersJson} decides.
 *
 * <p>Calls that touch the file system ({@code PathResolver}, {@code Precompressed}, {@code DirectoryListing},
 * {@code FileCache#getOrLoad}) block; everything else is pure.
 */
package io.wharf.http.files;
