package io.wharf.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A weighted mix of targets: each connection holds one exchange of every target and, for each request, picks one
 * with probability weight / total (a seeded random per connection, so a run's sequence is repeatable). Every
 * exchange hears of every new connection; the first opens it ({@link Exchange#opening}); the reply goes to the
 * one that sent the request.
 *
 * <p>Threading: as {@link LoadTarget}; each connection's mix exchange is owned by its load thread.
 */
public final class MixTarget implements LoadTarget {

    private final List<LoadTarget> targets;
    private final double[] cumulative;

    public MixTarget(List<LoadTarget> targets, List<Double> weights) {
        if (targets.isEmpty() || targets.size() != weights.size()) {
            throw new IllegalArgumentException("one weight per target");
        }
        this.targets = List.copyOf(targets);
        this.cumulative = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            if (!(weights.get(i) > 0)) {
                throw new IllegalArgumentException("weights must be positive");
            }
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** One target alone needs no mixing. */
    public static LoadTarget of(List<LoadTarget> targets, List<Double> weights) {
        return targets.size() == 1 ? targets.get(0) : new MixTarget(targets, weights);
    }

    @Override
    public Exchange newExchange(int connection) {
        Exchange[] each = new Exchange[targets.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = targets.get(i).newExchange(connection);
        }
        return new Mixed(each, cumulative, new SplittableRandom(0x9E3779B97F4A7C15L * (connection + 1)));
    }

    /** Threading: one load thread. */
    private static final class Mixed implements Exchange {
        private final Exchange[] each;
        private final double[] cumulative;
        private final SplittableRandom random;
        private Exchange current;

        Mixed(Exchange[] each, double[] cumulative, SplittableRandom random) {
            this.each = each;
            this.cumulative = cumulative;
            this.random = random;
            this.current = each[0];
        }

        @Override
        public ByteBuffer nextRequest() {
            double r = random.nextDouble();
            int i = 0;
            while (i < cumulative.length - 1 && r >= cumulative[i]) {
                i++;
            }
            current = each[i];
            return current.nextRequest();
        }

        @Override
        public Reply onReply(ByteBuffer in) {
            return current.onReply(in);
        }

        @Override
        public void onConnected() {
            for (Exchange e : each) {
                e.onConnected();
            }
        }

        /** The targets share the connection, so the first one's opening (the same for all) opens it. */
        @Override
        public ByteBuffer opening() {
            current = each[0];
            return current.opening();
        }

        @Override
        public Reply onOpening(ByteBuffer in) {
            return each[0].onOpening(in);
        }

        @Override
        public String describeReply() {
            return current.describeReply();
        }

        @Override
        public boolean completesAtClose() {
            return current.completesAtClose();
        }
    }
}
