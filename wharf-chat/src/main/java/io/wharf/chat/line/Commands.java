package io.wharf.chat.line;

import io.wharf.chat.domain.Session;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The text commands: turns one line a user typed into a request on their {@link Session}. A plain line is
 * said in the current room; {@code //text} says {@code /text}; a malformed command is answered with its
 * usage, an unknown one with a pointer to {@code /help}. Local answers go back through
 * {@link Session#echo}, so they keep their place among the session's other replies.
 *
 * <p>Threading: stateless; called from the connection's handler thread.
 */
final class Commands {

    private static final int MAX_MUTE_MINUTES = 7 * 24 * 60;

    private Commands() {
    }

    /** Runs {@code line}; false when it was {@code /quit} (the session is then ending). */
    static boolean execute(Session session, String line) {
        if (!line.startsWith("/") || line.startsWith("//")) {
            String text = line.startsWith("//") ? line.substring(1) : line;
            if (!text.isBlank()) {
                session.say(text);
            }
            return true;
        }
        int space = line.indexOf(' ');
        String command = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space + 1).strip();
        String first = word(args, 0);
        String rest = rest(args);
        switch (command) {
            // the whole argument, spaces and all, so that a bad one is told what is wrong with it
            case "nick" -> text(session, args, "/nick NAME", () -> session.changeNick(args));
            case "join" -> text(session, args, "/join ROOM", () -> session.join(args));
            case "part", "leave" -> {
                if (first.isEmpty()) {
                    session.part();
                } else {
                    session.part(first);
                }
            }
            case "rooms", "list" -> session.listRooms();
            case "who", "names" -> session.listMembers();
            case "whois" -> one(session, first, rest, "/whois NICK", () -> session.whois(first));
            case "msg", "tell" -> two(session, first, rest, "/msg NICK TEXT", () -> session.privateMessage(first, rest));
            case "me" -> text(session, args, "/me ACTION", () -> session.act(args));
            case "topic" -> {
                if (args.isEmpty()) {
                    session.showTopic();
                } else {
                    session.setTopic(args);
                }
            }
            case "history" -> history(session, args);
            case "register" -> password(session, args, "/register NAME PASSWORD", true);
            case "login" -> password(session, args, "/login NAME PASSWORD", false);
            case "help", "?" -> session.echo(Help.COMMANDS);
            case "quit", "exit", "bye" -> {
                session.quit(args.isEmpty() ? "quit" : args);
                return false;
            }
            case "kick" -> one(session, first, "", "/kick NICK [REASON]",
                    () -> withReason(rest, () -> session.kick(first), r -> session.kick(first, r)));
            case "ban" -> one(session, first, "", "/ban NICK [REASON]",
                    () -> withReason(rest, () -> session.ban(first), r -> session.ban(first, r)));
            case "unban" -> one(session, first, rest, "/unban NAME|ADDRESS", () -> session.unban(first));
            case "bans" -> session.listBans();
            case "mute" -> mute(session, first, rest);
            case "broadcast", "wall" -> text(session, args, "/broadcast TEXT", () -> session.broadcast(args));
            default -> session.echo(LineFormat.error("unknown command /" + command + ": /help lists them"));
        }
        return true;
    }

    private static void one(Session session, String first, String rest, String usage, Runnable request) {
        if (first.isEmpty() || !rest.isEmpty()) {
            usage(session, usage);
        } else {
            request.run();
        }
    }

    private static void two(Session session, String first, String rest, String usage, Runnable request) {
        if (first.isEmpty() || rest.isEmpty()) {
            usage(session, usage);
        } else {
            request.run();
        }
    }

    private static void text(Session session, String text, String usage, Runnable request) {
        if (text.isEmpty()) {
            usage(session, usage);
        } else {
            request.run();
        }
    }

    private static void history(Session session, String args) {
        if (args.isEmpty()) {
            session.history(0);
            return;
        }
        int n = number(args);
        if (n < 1) {
            usage(session, "/history [N], N a positive number");
        } else {
            session.history(n);
        }
    }

    private static void mute(Session session, String nick, String minutes) {
        int m = minutes.isEmpty() ? -1 : number(minutes);
        if (nick.isEmpty() || (!minutes.isEmpty() && (m < 0 || m > MAX_MUTE_MINUTES))) {
            usage(session, "/mute NICK [MINUTES], 0 to unmute, at most " + MAX_MUTE_MINUTES);
        } else {
            if (m < 0) {
                session.mute(nick);
            } else {
                session.mute(nick, Duration.ofMinutes(m));
            }
        }
    }

    /** The password is the rest of the line, spaces included; it never leaves as a String beyond this call. */
    private static void password(Session session, String args, String usage, boolean register) {
        String name = word(args, 0);
        String password = rest(args);
        if (name.isEmpty() || password.isEmpty()) {
            usage(session, usage);
        } else if (register) {
            session.register(name, password.toCharArray());
        } else {
            session.login(name, password.toCharArray());
        }
    }

    private static void usage(Session session, String usage) {
        session.echo(LineFormat.error("usage: " + usage));
    }

    private static String word(String args, int from) {
        int space = args.indexOf(' ', from);
        return space < 0 ? args.substring(from) : args.substring(from, space);
    }

    private static String rest(String args) {
        int space = args.indexOf(' ');
        return space < 0 ? "" : args.substring(space + 1).strip();
    }

    private static void withReason(String reason, Runnable without, Consumer<String> with) {
        if (reason.isEmpty()) {
            without.run();
        } else {
            with.accept(reason);
        }
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
