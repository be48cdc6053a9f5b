package io.wharf.core;

import io.wharf.core.spi.Connection;
import io.wharf.core.spi.Handler;
import io.wharf.core.testing.LineClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A protocol's deadline closes the connection under every model, and clearing it keeps the connection. */
class DeadlineTest {

    /** Sets a 1 s deadline on open; a line "clear" clears it; every line is echoed. */
    private static Handler handler() {
        return new Handler() {
            @Override
            public void onOpen(Connection c) {
                c.deadline(Duration.ofSeconds(1), "test deadline");
            }

            @Override
            public void onData(Connection c, ByteBuffer data) {
                String s = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
                if (s.contains("clear")) {
                    c.clearDeadline();
                }
                c.write(data);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, mode = EnumSource.Mode.EXCLUDE, names = {"PROCESS", "PREFORK"})
    void closesPastTheDeadlineUnlessCleared(Model model) throws Exception {
        ServerSettings settings = ServerSettings.defaults(0, model).withBindAddress("127.0.0.1");
        try (Server server = Server.start(settings, DeadlineTest::handler)) {
            try (LineClient kept = LineClient.connect(server.localAddress(), Duration.ofSeconds(5))) {
                kept.send("clear\n");
                assertThat(kept.readLine()).isEqualTo("clear");
                if (model != Model.ITERATIVE) {
                    try (LineClient dropped = LineClient.connect(server.localAddress(), Duration.ofSeconds(5))) {
                        assertThat(dropped.awaitClosed()).isTrue();
                    }
                }
                kept.send("still\n");
                assertThat(kept.readLine()).isEqualTo("still");
            }
            if (model == Model.ITERATIVE) {
                try (LineClient dropped = LineClient.connect(server.localAddress(), Duration.ofSeconds(5))) {
                    assertThat(dropped.awaitClosed()).isTrue();
                }
            }
        }
    }
}
