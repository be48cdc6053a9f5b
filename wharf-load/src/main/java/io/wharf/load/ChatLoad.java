package io.wharf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one chat load: clients connect and join their rooms; once all have (or joining has made no progress for
 * the timeout), sending starts on every client's timetable; after the window, deliveries still on their way
 * are waited for (up to the timeout); then what the {@link ChatWorker}s counted is merged, loss worked out
 * per pair of sender and receiver, into a {@link ChatReport}. Chat is fan-out, not request and reply, so it has
 * a loop of its own rather than an {@link Exchange}; it shares the request/reply generator's failure kinds,
 * tallies, connect pacing, source addresses and open-files check.
 *
 * <p>Threading: {@link #run} blocks its caller until the run is over; independent runs may go at once.
 */
public final class ChatLoad {

    private static final long POLL_MILLIS = 20;
    private static final long PROGRESS_MILLIS = 250;
    /** Between deciding to start and the first send: every worker sees the window before its first turn. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private ChatLoad() {
    }

    /** Runs the load; throws IOException only when the server cannot be reached at all before it starts. */
    public static ChatReport run(ChatSpec spec, LoadProgress progress) throws IOException {
        return run(spec, null, progress, null);
    }

    /**
     * A scenario's chat: the clients send along {@code curve} (the total message rate; warm-up none, the spec's
     * duration its length), and from the first send each second's deliveries go to {@code intervals}, the
     * deliveries still arriving after the last send as one more.
     */
    public static ChatReport run(ChatSpec spec, LoadCurve curve, LoadProgress progress, Interval.Listener intervals)
            throws IOException {
        InetSocketAddress address = LoadGenerator.resolve(spec.host(), spec.port());
        FileLimit.check(spec.clients());
        LoadGenerator.probe(address, spec.host(), spec.port(), spec.timeout(), spec.tls());
        progress.starting();
        String token = "wl" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36)
                .toLowerCase(Locale.ROOT);
        ChatPlan plan = new ChatPlan(spec, address, token, curve);
        int threads = spec.effectiveThreads();
        List<ChatWorker> workers = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        long begun = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            ChatWire wire = ChatWire.of(plan);
            List<ChatClient> share = new ArrayList<>();
            for (int i = t; i < spec.clients(); i += threads) {
                share.add(new ChatClient(i, plan, wire.inbound()));
            }
            ChatWorker w = new ChatWorker(plan, wire, share);
            workers.add(w);
            running.add(Thread.ofPlatform().name("wharf-load-chat-" + t).start(w));
        }
        Thread ticker = Thread.ofPlatform().daemon().name("wharf-load-progress")
                .start(() -> tick(plan, workers, running, progress));
        Duration setup;
        try {
            awaitJoined(plan, running);
            long now = System.nanoTime();
            setup = Duration.ofNanos(now - begun);
            ChatPlan.Window window = plan.begin(now + LEAD_NANOS);
            IntervalSampler sampler = curve == null || intervals == null ? null
                    : new IntervalSampler(window.start(), window.measureUntil(), curve,
                            workers.stream().map(ChatWorker::tally).toList(), plan.joined::get, intervals,
                            System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(window.start() - now));
            Thread sampling = sampler == null ? null
                    : Thread.ofPlatform().daemon().name("wharf-load-intervals").start(sampler);
            sleepUntil(window.measureFrom(), running);
            progress.measuring();
            sleepUntil(window.measureUntil(), running);
            progress.measured();
            drain(plan, window, workers, running);
            if (sampler != null) {
                sampler.finish(sampling, true);
            }
            plan.stop(System.nanoTime());
            for (Thread thread : running) {
                thread.join();
            }
            ticker.interrupt();
            ticker.join();
        } catch (InterruptedException e) {
            plan.stop(System.nanoTime());
            running.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return combine(spec, plan, setup, workers);
    }

    /** Until every client has joined, or joining has stalled for the timeout (a full pool, a refusing server). */
    private static void awaitJoined(ChatPlan plan, List<Thread> running) throws InterruptedException {
        int last = -1;
        long progressAt = System.nanoTime();
        while (running.stream().anyMatch(Thread::isAlive)) {
            int joined = plan.joined.get();
            long now = System.nanoTime();
            if (joined == plan.spec.clients()) {
                return;
            }
            if (joined != last) {
                last = joined;
                progressAt = now;
            } else if (now - progressAt > plan.timeoutNanos) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** After the window: until every measured message has reached every member, or the timeout has passed. */
    private static void drain(ChatPlan plan, ChatPlan.Window window, List<ChatWorker> workers, List<Thread> running)
            throws InterruptedException {
        long deadline = window.measureUntil() + plan.timeoutNanos;
        while (System.nanoTime() < deadline && running.stream().anyMatch(Thread::isAlive)) {
            long owed = workers.stream().mapToLong(ChatWorker::expected).sum();
            long got = workers.stream().mapToLong(w -> w.tally().successes()).sum();
            if (got >= owed) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void sleepUntil(long deadline, List<Thread> running) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && running.stream().anyMatch(Thread::isAlive)) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        }
    }

    /** Progress over the sending time (0 while joining): deliveries as successes. */
    private static void tick(ChatPlan plan, List<ChatWorker> workers, List<Thread> running, LoadProgress progress) {
        long total = TimeUnit.NANOSECONDS.toMillis(plan.spec.warmup().plus(plan.spec.duration()).toNanos());
        long lastOk = 0;
        long lastAt = System.nanoTime();
        try {
            while (running.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(PROGRESS_MILLIS);
                long now = System.nanoTime();
                ChatPlan.Window w = plan.window();
                long ok = workers.stream().mapToLong(x -> x.tally().successes()).sum();
                long failed = workers.stream().mapToLong(x -> x.tally().failed()).sum();
                long elapsed = w == null ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - w.start()));
                progress.update(Math.min(elapsed, total), total, ok, failed, (ok - lastOk) / ((now - lastAt) / 1e9));
                lastOk = ok;
                lastAt = now;
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private static ChatReport combine(ChatSpec spec, ChatPlan plan, Duration setup, List<ChatWorker> workers)
            throws IOException {
        List<Tally> tallies = new ArrayList<>();
        ChatClient[] byId = new ChatClient[spec.clients()];
        long late = 0;
        long duplicates = 0;
        long serverErrors = 0;
        long otherLines = 0;
        String firstError = "";
        for (ChatWorker w : workers) {
            if (w.failure() != null) {
                throw new IOException("load thread failed: " + w.failure().getMessage(), w.failure());
            }
            tallies.add(w.tally());
            ChatReceiver heard = w.received();
            late += heard.late;
            duplicates += heard.duplicates;
            serverErrors += heard.serverErrors;
            otherLines += heard.otherLines;
            if (firstError.isEmpty() && heard.firstError != null) {
                firstError = heard.firstError;
            }
            for (ChatClient c : w.clients()) {
                byId[c.id] = c;
            }
        }
        long sent = 0;
        long expected = 0;
        long lost = 0;
        int joined = 0;
        for (ChatClient receiver : byId) {
            sent += receiver.sentMeasured;
            if (receiver.inRun) {
                joined++;
            }
            if (receiver.state != ChatClient.State.JOINED) {
                continue;
            }
            for (int s = receiver.room, index = 0; s < spec.clients(); s += spec.rooms(), index++) {
                ChatClient sender = byId[s];
                if (sender.state == ChatClient.State.JOINED) {
                    expected += sender.sentMeasured;
                    lost += Math.max(0, sender.sentMeasured - receiver.received.measuredFrom(index));
                }
            }
        }
        Tally t = Tally.sum(tallies);
        return new ChatReport(spec, joined, setup, sent, t.successes(), expected, lost, late, duplicates, serverErrors,
                firstError, otherLines, t.failures(), t.latency, t.connect, t.connectionsOpened, t.examples);
    }
}
