package io.wharf.load.scenario.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /proc readers on captured text, and on this very process. */
class ProcReadersTest {

    @Test
    void listenQueueReadsRecvQAndBacklogOfTheListenerOnThePort() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000080:00000002 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0
                   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0 20 4 30 10 -1
                   2: 0100007F:1F91 00000000:0000 0A 00000080:00000009 00:00000000 00000000  1000        0 3 1 0 100 0 0 10 0
                """;
        ListenQueue.Depth d = ListenQueue.parse(tcp, 8080);
        assertThat(d.queued()).isEqualTo(2);
        assertThat(d.backlog()).isEqualTo(128);
        assertThat(d.full()).isFalse();
        assertThat(ListenQueue.parse(tcp, 9999)).isEqualTo(ListenQueue.Depth.NONE);
    }

    @Test
    void kernelCountersPairNamesWithValues() {
        Map<String, Long> into = new LinkedHashMap<>();
        KernelCounters.parse("TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 812 815\n"
                + "IpExt: InNoRoutes\nIpExt: 4\n", "TcpExt:", into);
        assertThat(into).containsEntry("ListenOverflows", 812L).containsEntry("ListenDrops", 815L)
                .doesNotContainKey("InNoRoutes");
        assertThat(KernelCounters.read()).containsKeys("ListenOverflows", "RetransSegs");
    }

    @Test
    void threadTimesNameThisProcesssThreads() {
        Thread.currentThread().setName("procreader-test");
        ThreadTimes t = ThreadTimes.of(ProcessHandle.current().pid());
        assertThat(t.byTid().values()).extracting(ThreadTimes.Times::name).contains("procreader-test");
        assertThat(t.byTid().values()).allSatisfy(x -> assertThat(x.runNanos()).isNotNegative());
    }
}
