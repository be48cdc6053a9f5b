package io.wharf.kv;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.stream.Stream;

/**
 * What a differential test class of one command family is: its scripts ({@link DifferentialServers#parse}'s
 * syntax, by name), each run under every model against Debian's {@code redis-server} 7.0 and wharf, every reply
 * compared byte for byte in RESP2; a {@link BothProtocols} family again in RESP3. The servers are
 * {@link DifferentialServers}', shared by every class of the run.
 *
 * <p>Threading: JUnit's.
 */
abstract class DifferentialScripts {

    @RegisterExtension
    static final DifferentialServers servers = new DifferentialServers();

    /** The family's scripts by name, in order. */
    abstract Map<String, String> scripts();

    @TestFactory
    Stream<DynamicTest> resp2RepliesAsRedisGivesThem() {
        return servers.sameReplies(scripts(), false);
    }

    /** A family whose replies have RESP3 forms (maps, sets, doubles, nulls): compared after HELLO 3 too. */
    abstract static class BothProtocols extends DifferentialScripts {

        @TestFactory
        Stream<DynamicTest> resp3RepliesAsRedisGivesThem() {
            return servers.sameReplies(scripts(), true);
        }
    }
}
