package io.wharf.kv.command;

import io.wharf.kv.resp.Reply;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's MULTI and WATCH state, as the {@code mstate} and {@code watched_keys} of Redis's client: the
 * transaction MULTI opened (null when none), the keys it watches, and whether one of them was touched so that
 * EXEC fails. {@link TransactionCommands} runs the commands; {@link Watches} keeps the index from keys to clients.
 *
 * <p>Threading: one per {@link Session}; touched under the key space's lock, or on the session's handler thread
 * for the queue ({@link Dispatcher} queues and refuses without the lock, as only that thread runs its commands).
 * {@link #dirtyCas(boolean)} is set by other clients' writes, under the lock.
 */
final class MultiState {

    private final Reply reply;
    private TransactionCommands.Transaction transaction;
    private final List<Watches.Watched> watched = new ArrayList<>();
    private boolean dirtyCas;

    MultiState(Reply reply) {
        this.reply = reply;
    }

    /** The transaction MULTI started, or null. */
    TransactionCommands.Transaction transaction() {
        return transaction;
    }

    void transaction(TransactionCommands.Transaction tx) {
        transaction = tx;
    }

    /** True when a MULTI is open and {@code command} is one it queues rather than runs. */
    boolean queues(Command command) {
        return transaction != null && !TransactionCommands.runsInMulti(command.name());
    }

    /** Queues {@code command} in the open transaction, answering {@code +QUEUED}. */
    void queue(Command command, List<byte[]> args) {
        transaction.commands.add(command);
        transaction.args.add(args);
        reply.simple("QUEUED");
    }

    List<Watches.Watched> watched() {
        return watched;
    }

    /** A watched key was touched: EXEC will fail. */
    boolean dirtyCas() {
        return dirtyCas;
    }

    void dirtyCas(boolean yes) {
        dirtyCas = yes;
    }
}
