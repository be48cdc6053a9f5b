package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.Glob;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channels and patterns, as Redis's {@code pubsub.c}: for each, its subscribers in the order they came. PUBLISH
 * encodes the message once per protocol and hands it to each subscriber ({@link Session#deliverLater}), to be
 * sent after the publishing command has released the key space's lock; a subscriber's output limit then bounds
 * what a slow reader may cost ({@link ClientOutput}).
 *
 * <p>Threading: under the key space's lock.
 */
final class PubSub {

    /** A message bound for one subscriber. */
    record Delivery(Session to, ByteBuffer bytes) {
    }

    /** One client's channels and patterns, in subscription order. */
    static final class Subscriptions {
        final Set<HashValue.Field> channels = new LinkedHashSet<>();
        final Set<HashValue.Field> patterns = new LinkedHashSet<>();

        /** The count every (un)subscribe reply carries. */
        int count() {
            return channels.size() + patterns.size();
        }
    }

    private final Map<HashValue.Field, Set<Session>> channels = new LinkedHashMap<>();
    private final Map<HashValue.Field, Set<Session>> patterns = new LinkedHashMap<>();

    /** A channel or pattern name as a map key. */
    static HashValue.Field name(byte[] b) {
        return new HashValue.Field(b.clone());
    }

    /** The commands a RESP2 client may send while subscribed. */
    static boolean allowedWhenSubscribed(String command) {
        return switch (command) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> true;
            default -> false;
        };
    }

    /** True if newly subscribed. */
    boolean subscribe(Session s, byte[] channel, boolean pattern) {
        HashValue.Field k = name(channel);
        Set<HashValue.Field> mine = pattern ? s.subscriptions().patterns : s.subscriptions().channels;
        if (!mine.add(k)) {
            return false;
        }
        (pattern ? patterns : channels).computeIfAbsent(k, x -> new LinkedHashSet<>()).add(s);
        return true;
    }

    /** True if it was subscribed. */
    boolean unsubscribe(Session s, byte[] channel, boolean pattern) {
        HashValue.Field k = name(channel);
        Set<HashValue.Field> mine = pattern ? s.subscriptions().patterns : s.subscriptions().channels;
        if (!mine.remove(k)) {
            return false;
        }
        Map<HashValue.Field, Set<Session>> all = pattern ? patterns : channels;
        Set<Session> subs = all.get(k);
        if (subs != null) {
            subs.remove(s);
            if (subs.isEmpty()) {
                all.remove(k);
            }
        }
        return true;
    }

    void unsubscribeAll(Session s) {
        for (HashValue.Field k : new ArrayList<>(s.subscriptions().channels)) {
            unsubscribe(s, k.bytes(), false);
        }
        for (HashValue.Field k : new ArrayList<>(s.subscriptions().patterns)) {
            unsubscribe(s, k.bytes(), true);
        }
    }

    /** Sends {@code message} to the channel's subscribers, then to the matching patterns'; returns how many got it. */
    int publish(Session publisher, byte[] channel, byte[] message) {
        int receivers = 0;
        ByteBuffer[] plain = new ByteBuffer[2];
        Set<Session> subs = channels.get(name(channel));
        if (subs != null) {
            for (Session s : subs) {
                int p = s.reply().resp3() ? 1 : 0;
                if (plain[p] == null) {
                    plain[p] = encode(p == 1, null, channel, message);
                }
                deliver(publisher, s, plain[p]);
                receivers++;
            }
        }
        for (Map.Entry<HashValue.Field, Set<Session>> e : patterns.entrySet()) {
            byte[] pattern = e.getKey().bytes();
            if (!Glob.matches(pattern, channel)) {
                continue;
            }
            ByteBuffer[] pm = new ByteBuffer[2];
            for (Session s : e.getValue()) {
                int p = s.reply().resp3() ? 1 : 0;
                if (pm[p] == null) {
                    pm[p] = encode(p == 1, pattern, channel, message);
                }
                deliver(publisher, s, pm[p]);
                receivers++;
            }
        }
        return receivers;
    }

    private static void deliver(Session publisher, Session to, ByteBuffer bytes) {
        if (to == publisher) {
            // a RESP3 client publishing to itself gets the message before PUBLISH's reply, as in Redis
            byte[] b = new byte[bytes.remaining()];
            bytes.duplicate().get(b);
            publisher.reply().raw(b);
        } else {
            publisher.state().deliverLater(new Delivery(to, bytes.duplicate()));
        }
    }

    /** {@code message} or, with a pattern, {@code pmessage}: an array in RESP2, a push in RESP3. */
    private static ByteBuffer encode(boolean resp3, byte[] pattern, byte[] channel, byte[] message) {
        Reply r = new Reply();
        r.protocol(resp3 ? 3 : 2);
        int n = pattern == null ? 3 : 4;
        if (resp3) {
            r.push(n);
        } else {
            r.array(n);
        }
        r.bulk(pattern == null ? "message" : "pmessage");
        if (pattern != null) {
            r.bulk(pattern);
        }
        r.bulk(channel).bulk(message);
        return r.take().asReadOnlyBuffer();
    }

    /** Channels with a subscriber, matching {@code pattern} if given (PUBSUB CHANNELS). */
    List<byte[]> channels(byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (HashValue.Field k : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, k.bytes())) {
                out.add(k.bytes());
            }
        }
        return out;
    }

    int subscribers(byte[] channel) {
        Set<Session> subs = channels.get(name(channel));
        return subs == null ? 0 : subs.size();
    }

    int patternCount() {
        return patterns.size();
    }

    int channelCount() {
        return channels.size();
    }
}
