/** The text-line front-end of the chat: telnet and {@code nc} users, one line per message or command. */
package io.wharf.chat.line;
