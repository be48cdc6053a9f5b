/**
 * The chat, apart from how it is presented: {@link io.wharf.chat.domain.ChatHub} and its
 * {@link io.wharf.chat.domain.Session}s take requests and answer with {@link io.wharf.chat.domain.ChatEvent}s.
 * All state lives on the hub's one thread; see {@link io.wharf.chat.domain.ChatHub} for the threading rules.
 */
package io.wharf.chat.domain;
