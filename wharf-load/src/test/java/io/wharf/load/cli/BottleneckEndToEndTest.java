package io.wharf.load.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each verdict against a server made to hit its limit, in this process ({@code --server-pid} is our own pid; the
 * generator's threads are told apart by name). Only the kind of verdict is asserted, never a speed: a busy thread
 * counts its time waiting for a core too, so a loaded machine does not hide it.
 */
class BottleneckEndToEndTest {

    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private JsonNode run(String yaml) throws IOException {
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, yaml);
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("run", s.toString(), "--server-pid", Long.toString(PID), "--out",
                dir.resolve("out").toString());
        assertThat(code).as(out.toString()).isZero();
        out.append(Files.readString(dir.resolve("out/system.csv")));
        return new ObjectMapper().readTree(dir.resolve("out/run.json").toFile()).get("bottlenecks");
    }

    @Test
    void aServerThatBurnsCpuOnOneThreadIsCpuBoundOnThatThread() throws Exception {
        try (BusyServer server = new BusyServer()) {
            JsonNode found = run("""
                    target: {protocol: echo-raw, port: %d}
                    stages:
                      - {duration: 4s, connections: 4}
                    requests:
                      - {size: 32}
                    """.formatted(server.port()));
            assertThat(found).as(out.toString()).isNotEmpty();
            assertThat(found.get(0).get("kind").asText()).as(out.toString()).isEqualTo("server_thread");
            assertThat(found.get(0).get("text").asText()).contains("`busy-server`", "CPU-bound on one thread");
        }
    }

    @Test
    void aServerThatDoesNotAcceptOverflowsItsAcceptQueue() throws Exception {
        try (ServerSocket stopped = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JsonNode found = run("""
                    target: {protocol: echo-raw, port: %d}
                    load: {timeout: 1s}
                    stages:
                      - {duration: 3s, connections: 20}
                    """.formatted(stopped.getLocalPort()));
            assertThat(found).as(out.toString()).isNotEmpty();
            assertThat(found.get(0).get("kind").asText()).as(out.toString()).isEqualTo("accept_queue");
            assertThat(out.toString()).contains("raise its backlog");
        }
    }

    @Test
    void oneLoadThreadOverManyConnectionsIsTheGeneratorsLimit() throws Exception {
        try (CopyServer server = new CopyServer()) {
            JsonNode found = run("""
                    target: {protocol: echo-raw, port: %d}
                    load: {threads: 1}
                    stages:
                      - {duration: 4s, connections: 32}
                    requests:
                      - {size: 32768}
                    """.formatted(server.port()));
            assertThat(found).as(out.toString()).isNotEmpty();
            assertThat(found.get(0).get("kind").asText()).as(out.toString()).isEqualTo("generator");
            assertThat(out.toString()).contains("the generator itself saturated");
        }
    }

    /** Raw echo on one thread, named busy-server, that spins 2 ms of CPU per read before echoing it. */
    private static final class BusyServer implements AutoCloseable {
        private final ServerSocketChannel listener = ServerSocketChannel.open();
        private final Thread thread;
        private volatile boolean stop;

        BusyServer() throws IOException {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            listener.configureBlocking(false);
            thread = Thread.ofPlatform().name("busy-server").daemon().start(this::serve);
        }

        int port() {
            return listener.socket().getLocalPort();
        }

        private void serve() {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try (Selector selector = Selector.open()) {
                listener.register(selector, SelectionKey.OP_ACCEPT);
                while (!stop) {
                    selector.select(100);
                    for (SelectionKey k : selector.selectedKeys()) {
                        if (k.isAcceptable()) {
                            SocketChannel c = listener.accept();
                            if (c != null) {
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (k.isReadable()) {
                            SocketChannel c = (SocketChannel) k.channel();
                            int n;
                            try {
                                n = c.read(buf.clear());
                            } catch (IOException e) {
                                n = -1;
                            }
                            if (n < 0) {
                                k.cancel();
                                c.close();
                                continue;
                            }
                            long until = System.nanoTime() + 2_000_000;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait(); // the handler's work
                            }
                            buf.flip();
                            while (buf.hasRemaining()) {
                                c.write(buf);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                // closed: the test is over
            }
        }

        @Override
        public void close() throws Exception {
            stop = true;
            listener.close();
            thread.join();
        }
    }

    /** Raw echo, a thread per client, copying in bulk: far cheaper per byte than the generator's checking. */
    private static final class CopyServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final List<Socket> clients = new ArrayList<>();

        CopyServer() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket c = socket.accept();
                        c.setTcpNoDelay(true); // else Nagle holds each echo's tail for the generator's delayed ACK
                        synchronized (clients) {
                            clients.add(c);
                        }
                        Thread.ofPlatform().daemon().start(() -> copy(c));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void copy(Socket c) {
            try (c; InputStream in = c.getInputStream(); OutputStream o = c.getOutputStream()) {
                in.transferTo(o);
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (clients) {
                for (Socket c : clients) {
                    c.close();
                }
            }
        }
    }
}
