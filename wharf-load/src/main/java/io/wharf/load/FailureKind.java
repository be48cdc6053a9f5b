package io.wharf.load;

/**
 * How a request or connection failed.
 *
 * <p>Stand-in for the load helper's type of the same name (the contract's signature); replaced at merge.
 */
public enum FailureKind { REFUSED, RESET, TIMEOUT, PROTOCOL_ERROR, WRONG_REPLY, CLOSED }
