package io.wharf.balance;

import io.wharf.core.Model;
import io.wharf.core.testing.LineClient;
import io.wharf.echo.EchoProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGHUP with a changed {@code backends}: a removed backend drains, an added one takes clients. */
class ReloadTest {

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"EVENT", "VIRTUAL"})
    void aRemovedBackendGetsNoNewClientsWhileItsOpenOnesFinish(Model model) throws Exception {
        try (BalanceRig rig = new BalanceRig().backends(3, EchoProtocol.handlers(true, 1024))) {
            String all = rig.backendList();
            String withoutFirst = all.substring(all.indexOf(',') + 1).trim();
            rig.balancer(model, "balance.check=none", "balance.backends=" + all.substring(0, all.lastIndexOf(',')));
            Backend first = rig.service().backends().get(0);
            try (LineClient onFirst = LineClient.connect(rig.address())) {
                onFirst.send("before\n");
                assertThat(onFirst.readLine()).isEqualTo("before");
                assertThat(first.active()).isEqualTo(1);

                rig.service().reconfigure(BalanceRig.config("balance.check=none", "balance.backends=" + withoutFirst));
                assertThat(rig.service().backends()).as("still listed while draining").contains(first);
                for (int i = 0; i < 10; i++) {
                    try (LineClient c = LineClient.connect(rig.address())) {
                        c.send("after " + i + "\n");
                        assertThat(c.readLine()).isEqualTo("after " + i);
                    }
                }
                onFirst.send("still served\n");
                assertThat(onFirst.readLine()).isEqualTo("still served");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !rig.service().backends().contains(first));
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.accepted().get(1) + rig.accepted().get(2) == 10);
            assertThat(rig.accepted()).containsExactly(1L, 5L, 5L);
            assertThat(first.total()).isEqualTo(1);
        }
    }
}
