/**
 * HTTP/1.1 wire format: the incremental request parser ({@link io.wharf.http.codec.RequestParser}), response
 * heads, chunked output and HTTP dates. Pure: no sockets, no threads, no dependency on the server's other
 * packages.
 */
package io.wharf.http.codec;
