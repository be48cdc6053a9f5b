package io.wharf.load;

/**
 * What to load. ECHO_LINE: newline-terminated messages, reply must equal them; ECHO_RAW: raw bytes echoed;
 * HTTP: GET path, status must be 2xx/3xx (or the expected status). Chat, being fan-out, has its own driver
 * ({@link ChatLoad}); other request/reply protocols plug in via
 * {@link LoadTarget}.
 */
public enum TargetKind {
    ECHO_LINE, ECHO_RAW, HTTP;

    /** The built-in {@link LoadTarget} this kind names, set up from {@code spec}. */
    public LoadTarget target(LoadSpec spec) {
        return switch (this) {
            case ECHO_LINE -> new EchoLineTarget(spec.messageSize());
            case ECHO_RAW -> new EchoRawTarget(spec.messageSize());
            case HTTP -> new HttpTarget(spec.tls().serverName(spec.host()), spec.port(), spec.httpPath(),
                    spec.keepAlive());
        };
    }
}
