package io.wharf.load;

/**
 * How a request or connection failed. REFUSED: the connect was refused; RESET: the peer reset the connection
 * (or a write hit a broken pipe); TIMEOUT: no connect or no complete reply within the timeout; PROTOCOL_ERROR:
 * a reply that does not parse, or a TLS handshake or record that fails; WRONG_REPLY: a well-formed reply with
 * the wrong content or status; CLOSED: the peer closed the connection before the reply was complete.
 */
public enum FailureKind { REFUSED, RESET, TIMEOUT, PROTOCOL_ERROR, WRONG_REPLY, CLOSED }
