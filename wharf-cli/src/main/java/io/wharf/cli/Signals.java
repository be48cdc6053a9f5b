package io.wharf.cli;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Process signals: SIGINT/SIGTERM ask for a graceful stop, a second SIGINT forces an immediate exit, SIGHUP
 * reloads the config. Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only hook for
 * SIGHUP. Threading: callbacks run on the JVM's signal dispatch thread and must return quickly.
 */
final class Signals {

    private Signals() {
    }

    static void install(Runnable stop, Runnable force, Runnable reload) {
        AtomicBoolean stopping = new AtomicBoolean();
        Signal.handle(new Signal("INT"), s -> {
            if (stopping.getAndSet(true)) {
                force.run();
            } else {
                stop.run();
            }
        });
        Signal.handle(new Signal("TERM"), s -> {
            stopping.set(true);
            stop.run();
        });
        Signal.handle(new Signal("HUP"), s -> Thread.ofPlatform().name("wharf-reload").daemon().start(reload));
    }
}
