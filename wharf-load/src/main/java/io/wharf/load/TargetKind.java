package io.wharf.load;

/**
 * What to load. ECHO_LINE: newline-terminated messages, reply must equal them; ECHO_RAW: raw bytes echoed;
 * HTTP: GET path, status must be 2xx/3xx.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature); replaced at merge.
 */
public enum TargetKind { ECHO_LINE, ECHO_RAW, HTTP }
