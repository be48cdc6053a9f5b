package io.wharf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The servers of the WebSocket benchmark and how each is started: wharf's {@code event} (one loop) and
 * {@code reactor} (N loops), Netty's {@link NettyWsServer} with one loop ({@code netty}) and N ({@code netty-n}),
 * and the {@code ws} package on Node.js ({@code node-ws}, one loop by nature).
 *
 * <p>Threading: stateless; called from the bench's one thread.
 */
final class WsTargets {

    static final List<String> ALL = List.of("event", "reactor", "netty", "netty-n", "node-ws");

    private WsTargets() {
    }

    /** The event loops {@code target} runs with: one, or {@code loops} for the N-loop shapes. */
    static int loops(String target, int loops) {
        return target.equals("reactor") || target.equals("netty-n") ? loops : 1;
    }

    /** The server command on {@code port}; null when Node's peer cannot be set up. */
    static List<String> command(String target, int port, Path wharfJar, Path results, int loops)
            throws IOException, InterruptedException {
        String java = WharfLoad.java().toString();
        String p = Integer.toString(port);
        return switch (target) {
            case "event", "reactor" -> {
                List<String> c = new ArrayList<>(List.of(java, "-jar", wharfJar.toString(), "serve", "http", "--model",
                        target, "--port", p, "--bind", "127.0.0.1", "--root", results.toString(), "--log-level",
                        "warn"));
                if (target.equals("reactor")) {
                    c.addAll(List.of("--event-loops", Integer.toString(loops)));
                }
                yield c;
            }
            case "netty", "netty-n" -> List.of(java, "-cp", System.getProperty("java.class.path"),
                    NettyWsServer.class.getName(), p, Integer.toString(loops));
            default -> node(results, p);
        };
    }

    /** {@code node server.mjs PORT} in bench-results/ws-node, with the pinned ws installed there by npm. */
    private static List<String> node(Path results, String port) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(results.resolve("ws-node"));
        for (String f : new String[]{"package.json", "server.mjs"}) {
            Files.copy(Path.of("bench/ws-node", f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/ws"))) {
            try {
                Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(results.resolve("ws-node-npm.log").toFile()).start();
                if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return null;
                }
            } catch (IOException e) {
                return null; // no npm
            }
        }
        return List.of("node", dir.resolve("server.mjs").toString(), port);
    }
}
