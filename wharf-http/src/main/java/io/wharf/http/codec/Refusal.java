package io.wharf.http.codec;

/**
 * Unwinds the parser from wherever it finds a request malformed to the one place that reports it. Stackless:
 * it is a verdict on the client's bytes, not a bug, and a hostile client must not make us fill stack traces.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final transient HttpError error;

    Refusal(int status, String reason) {
        super(reason, null, false, false);
        this.error = new HttpError(status, reason);
    }

    static Refusal bad(String reason) {
        return new Refusal(400, reason);
    }
}
