package io.wharf.http.server;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One step of an {@link Exchange} whose blocking part runs through {@code Connection.offload}: the work goes to
 * the reactor's worker pool, and its result comes back on the connection's thread as the exchange's next step,
 * which the exchange's {@link Exchange.Owner} runs. Where the model runs offloaded work inline ({@code event},
 * the blocking models) the result arrives while {@code offload} is still on the stack: then the next step runs
 * right there, inside the step that offloaded, exactly as if nothing had been offloaded.
 *
 * <p>An exception thrown by the work is carried back and rethrown in the next step, so it becomes the same
 * 500 it would be inline rather than an aborted connection.
 *
 * <p>Threading: created and completed on the connection's thread; only the work runs on a worker, and it
 * touches nothing but its own inputs. If the connection ends first, the core never delivers the result:
 * the work must therefore return nothing that needs closing.
 */
final class OffloadedStep<T> implements Consumer<OffloadedStep.Outcome<T>> {

    /** The work's result, or what it threw. */
    record Outcome<T>(T value, RuntimeException failure) {

        static <T> Outcome<T> of(Supplier<T> work) {
            try {
                return new Outcome<>(work.get(), null);
            } catch (RuntimeException e) {
                return new Outcome<>(null, e);
            }
        }

        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private final Exchange exchange;
    private final BiConsumer<Exchange, T> then;
    /** True while {@code Connection.offload} is on the stack: a result arriving now arrived inline. */
    private boolean offloading = true;
    private Outcome<T> inline;

    private OffloadedStep(Exchange exchange, BiConsumer<Exchange, T> then) {
        this.exchange = exchange;
        this.then = then;
    }

    /** See {@link Exchange#offload}. */
    static <T> void start(Exchange exchange, Supplier<T> work, BiConsumer<Exchange, T> then) {
        OffloadedStep<T> step = new OffloadedStep<>(exchange, then);
        exchange.pending(true);
        exchange.connection().offload(() -> Outcome.of(work), step);
        step.offloading = false;
        if (step.inline != null) {
            then.accept(exchange, step.inline.get()); // outside the core's callback, so a failure is a 500 here
        }
    }

    @Override
    public void accept(Outcome<T> outcome) {
        exchange.pending(false);
        if (offloading) {
            inline = outcome;
        } else {
            exchange.owner().resumed(exchange, x -> then.accept(x, outcome.get()));
        }
    }
}
