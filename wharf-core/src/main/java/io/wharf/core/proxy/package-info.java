/**
 * The PROXY protocol (HAProxy's, versions 1 and 2): the header a proxy sends a backend first so that it sees
 * the real client's address.
 */
package io.wharf.core.proxy;
