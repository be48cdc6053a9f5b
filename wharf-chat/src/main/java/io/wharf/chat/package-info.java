/**
 * {@code wharf serve chat}: a chat server. {@link io.wharf.chat.domain} is the chat itself (users, rooms,
 * accounts, history, moderation, flood control), independent of any wire protocol; {@link io.wharf.chat.line}
 * presents it as text lines for telnet and {@code nc}; {@link io.wharf.chat.store} keeps it in SQLite.
 */
package io.wharf.chat;
