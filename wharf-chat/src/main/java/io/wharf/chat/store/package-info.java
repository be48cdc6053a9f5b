/** The chat's SQLite store: loaded at start-up, written by one writer thread. */
package io.wharf.chat.store;
