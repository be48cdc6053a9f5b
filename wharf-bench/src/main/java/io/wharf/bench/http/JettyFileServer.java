package io.wharf.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The Java peer of the HTTP benchmark: Jetty 12's own static file handler ({@link ResourceHandler}) serving one
 * folder on the loopback address, with Jetty's defaults otherwise (its thread pool, its content cache), as a user
 * who picked Jetty for static files would run it. Runs in a JVM of its own: {@code JettyFileServer <port> <dir>}.
 *
 * <p>Threading: main starts the server and waits for it; Jetty's pool serves the requests.
 */
public final class JettyFileServer {

    private static final String POM = "/META-INF/maven/org.eclipse.jetty/jetty-server/pom.properties";

    private JettyFileServer() {
    }

    /**
     * Jetty's version from its jar's Maven metadata, read without loading Jetty's classes: their first use sets up
     * logging, which has nothing to say in the bench's own JVM.
     */
    static String version() {
        try (InputStream in = JettyFileServer.class.getResourceAsStream(POM)) {
            Properties pom = new Properties();
            if (in != null) {
                pom.load(in);
            }
            return pom.getProperty("version", "12 (version unknown)");
        } catch (IOException e) {
            return "12 (version unknown)";
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JettyFileServer <port> <dir>");
            System.exit(2);
        }
        Path root = Path.of(args[1]).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            System.err.println("JettyFileServer: not a folder: " + root);
            System.exit(2);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);

        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(root));
        files.setDirAllowed(false);
        server.setHandler(files);
        server.setStopAtShutdown(true);
        server.start();
        server.join();
    }
}
