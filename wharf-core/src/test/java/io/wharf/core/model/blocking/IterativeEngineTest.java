package io.wharf.core.model.blocking;

import io.wharf.core.Model;
import io.wharf.core.Server;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IterativeEngineTest extends BlockingModelContract {

    @Override
    Model model() {
        return Model.ITERATIVE;
    }

    @Test
    void servesTheSecondClientOnlyAfterTheFirstLeaves() throws Exception {
        Server server = start(settings());
        try (LineClient first = LineClient.connect(server.localAddress());
             LineClient second = LineClient.connect(server.localAddress())) {
            assertThat(first.roundTrip("first")).isEqualTo("first");
            second.send("second\n");
            // connected (the kernel's backlog took it) but not served while the first is
            assertThat(second.silentFor(300)).isTrue();
            assertThat(first.roundTrip("first again")).isEqualTo("first again");
            first.close();
            assertThat(second.readLine()).isEqualTo("second");
        }
    }

    @Test
    void runsOneThread() throws Exception {
        Server server = start(settings());
        try (LineClient client = LineClient.connect(server.localAddress())) {
            assertThat(client.roundTrip("x")).isEqualTo("x");
            assertThat(server.stats().snapshot().modelGauges()).containsEntry("threads_alive", 1L);
        }
        server.close();
        assertThat(server.stats().snapshot().modelGauges()).containsEntry("threads_alive", 0L);
    }
}
