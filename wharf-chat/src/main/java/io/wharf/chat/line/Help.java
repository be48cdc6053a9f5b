package io.wharf.chat.line;

/** The texts a person reads: the welcome and the command list. Every line starts with {@code * }. */
final class Help {

    static final String COMMANDS = lines(
            "Type a line to talk to your current room. Commands:",
            "  /nick NAME              change your nick (1-32 letters, digits, _ or -)",
            "  /join ROOM              join a room (created if new) and talk there",
            "  /part [ROOM]            leave the current room, or ROOM",
            "  /rooms                  list rooms, with members and topics",
            "  /who                    who is in the current room (admins marked)",
            "  /whois NICK             account or guest, rooms, idle time, connected since",
            "  /msg NICK TEXT          private message to NICK only",
            "  /me ACTION              an action: /me waves",
            "  /topic [TEXT]           show or set the current room's topic",
            "  /history [N]            the last N messages of the current room",
            "  /register NAME PASSWORD register NAME and log in",
            "  /login NAME PASSWORD    log in: your nick, rooms and what you missed come back",
            "  /help                   this list",
            "  /quit [MESSAGE]         leave",
            "Admins: /kick NICK [REASON], /ban NICK [REASON], /bans (the list), /unban NAME|ADDRESS (the",
            "  name banned under, or the address), /mute NICK [MINUTES], /broadcast TEXT; /whois shows",
            "  them the address too.",
            "A line starting with // is sent as text starting with /.");

    private Help() {
    }

    static String welcome(String nick) {
        return lines("Welcome to wharf chat, " + nick + "!") + COMMANDS;
    }

    static String lines(String... lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append("* ").append(line).append("\r\n");
        }
        return b.toString();
    }
}
