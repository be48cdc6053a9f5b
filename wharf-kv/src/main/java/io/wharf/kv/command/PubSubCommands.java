package io.wharf.kv.command;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH PUBSUB (CHANNELS NUMSUB NUMPAT), after Redis's
 * {@code pubsub.c}. Each (un)subscription is confirmed with its own reply, an array in RESP2 and a push in RESP3,
 * carrying the client's subscription count. While a RESP2 client is subscribed the dispatcher allows only these,
 * PING, QUIT and RESET ({@link PubSub#allowedWhenSubscribed}).
 */
final class PubSubCommands {

    private PubSubCommands() {
    }

    static void register(CommandTable t) {
        t.add("subscribe", -2, "pubsub noscript loading stale", 0, 0, 0, (s, a) -> subscribe(s, a, false));
        t.add("psubscribe", -2, "pubsub noscript loading stale", 0, 0, 0, (s, a) -> subscribe(s, a, true));
        t.add("unsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, (s, a) -> unsubscribe(s, a, false));
        t.add("punsubscribe", -1, "pubsub noscript loading stale", 0, 0, 0, (s, a) -> unsubscribe(s, a, true));
        t.add("publish", 3, "pubsub loading stale fast", 0, 0, 0,
                (s, a) -> s.reply().integer(s.state().pubsub().publish(s, a.get(1), a.get(2))));
        t.container("pubsub", "");
        t.sub("pubsub", "channels", -2, "pubsub loading stale", (s, a) -> {
            if (a.size() > 3) {
                throw CommandError.err("unknown subcommand or wrong number of arguments for '"
                        + Strings.cString(a.get(1), 128) + "'. Try PUBSUB HELP.");
            }
            List<byte[]> names = s.state().pubsub().channels(a.size() == 3 ? a.get(2) : null);
            s.reply().array(names.size());
            names.forEach(n -> s.reply().bulk(n));
        });
        t.sub("pubsub", "numsub", -2, "pubsub loading stale", (s, a) -> {
            s.reply().array((a.size() - 2) * 2);
            for (int i = 2; i < a.size(); i++) {
                s.reply().bulk(a.get(i)).integer(s.state().pubsub().subscribers(a.get(i)));
            }
        });
        t.sub("pubsub", "numpat", 2, "pubsub loading stale",
                (s, a) -> s.reply().integer(s.state().pubsub().patternCount()));
    }

    private static void header(Session s, String kind) {
        if (s.reply().resp3()) {
            s.reply().push(3);
        } else {
            s.reply().array(3);
        }
        s.reply().bulk(kind);
    }

    private static void subscribe(Session s, List<byte[]> a, boolean pattern) {
        for (int i = 1; i < a.size(); i++) {
            s.state().pubsub().subscribe(s, a.get(i), pattern);
            header(s, pattern ? "psubscribe" : "subscribe");
            s.reply().bulk(a.get(i)).integer(s.subscriptions().count());
        }
    }

    /** Without names: every channel (or pattern) the client has; with none, one reply with a null name. */
    private static void unsubscribe(Session s, List<byte[]> a, boolean pattern) {
        String kind = pattern ? "punsubscribe" : "unsubscribe";
        List<byte[]> names = new ArrayList<>();
        if (a.size() == 1) {
            for (io.wharf.kv.store.HashValue.Field k : pattern ? s.subscriptions().patterns : s.subscriptions().channels) {
                names.add(k.bytes());
            }
            if (names.isEmpty()) {
                header(s, kind);
                s.reply().nullBulk().integer(s.subscriptions().count());
                return;
            }
        } else {
            names.addAll(a.subList(1, a.size()));
        }
        for (byte[] n : names) {
            s.state().pubsub().unsubscribe(s, n, pattern);
            header(s, kind);
            s.reply().bulk(n).integer(s.subscriptions().count());
        }
    }
}
