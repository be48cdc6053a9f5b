package io.wharf.chat;

import io.wharf.core.Model;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat servers and clients a test opened, closed in the reverse order after each test; clients connect to the
 * server started last. Register with {@code @RegisterExtension}.
 *
 * <p>Threading: used from the test's thread.
 */
final class OpenChats implements AfterEachCallback {

    private final List<AutoCloseable> open = new ArrayList<>();
    private ChatTestServer server;

    ChatTestServer start(Model model) throws Exception {
        return start(ChatTestServer.on(model));
    }

    ChatTestServer start(ChatTestServer.Builder builder) throws Exception {
        server = track(builder.start());
        return server;
    }

    ChatTestServer server() {
        return server;
    }

    /** A client that has read the welcome, up to the default room becoming current. */
    Chatter join() throws IOException {
        return track(Chatter.join(server.address()));
    }

    /** A client that has read nothing yet. */
    Chatter connect() throws IOException {
        return track(Chatter.connect(server.address()));
    }

    <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
    }
}
