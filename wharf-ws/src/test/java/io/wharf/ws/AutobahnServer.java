package io.wharf.ws;

import io.wharf.core.Model;

/**
 * The server Autobahn|Testsuite's fuzzing client runs against in the build (autobahntestsuite-maven-plugin,
 * which calls {@code main} with the port and connects to {@code ws://HOST:PORT/}): the echo at {@code /} on all
 * interfaces, under the model named by {@code -Dautobahn.model} (event by default). Runs until interrupted.
 */
public final class AutobahnServer {

    private AutobahnServer() {
    }

    public static void main(String[] args) throws Exception {
        Model model = Model.byId(System.getProperty("autobahn.model", "event")).orElseThrow();
        try (WsTestServer server = WsTestServer.start(model, "0.0.0.0", Integer.parseInt(args[0]),
                "websocket.ws_echo_path=/", "websocket.ws_max_message=64m", "server.max_outbox=128m", "websocket.ws_deflate="
                        + System.getProperty("autobahn.deflate", "on"))) {
            Thread.currentThread().join(); // the plugin interrupts this thread once the suite is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
