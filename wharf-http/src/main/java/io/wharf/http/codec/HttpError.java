package io.wharf.http.codec;

import io.wharf.http.HttpStatus;

/**
 * Why the parser refused a request: the status to answer with, and a short explanation for the log and
 * the error page. The status line's phrase is {@link HttpStatus#reason(int)}, not {@code reason}.
 *
 * @param status 400, 413, 414, 431, 501 or 505 (503 when a paused parser was sent too much; see
 *               {@link RequestParser#resume})
 * @param reason what was wrong, in a few words, never echoing request bytes
 */
public record HttpError(int status, String reason) {

    static HttpError badRequest(String reason) {
        return new HttpError(400, reason);
    }
}
