package io.wharf.kv;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection commands, unknown commands and arity errors, raw protocol input (inline commands, protocol
 * errors, which close the connection: compared up to the close) and RESP3's replies after HELLO 3, run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte, errors and wrong types included ({@link DifferentialServers}).
 */
@Timeout(120)
class KvProtocolDifferentialTest extends DifferentialScripts {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("connection", """
                PING
                PING hello
                PING a b
                ECHO "hello world"
                ECHO
                SELECT 1
                SELECT 16
                SELECT -1
                SELECT x
                SELECT 0
                AUTH secret
                AUTH default anything
                AUTH a b c
                CLIENT SETNAME "bad name"
                CLIENT SETNAME good
                CLIENT GETNAME
                CLIENT SETNAME ""
                CLIENT GETNAME
                CLIENT SETNAME
                CLIENT NOSUCH
                CLIENT
                HELLO 4
                HELLO x
                HELLO 2 FOO
                HELLO 2 SETNAME "a b"
                COMMAND NOSUCH
                """);
        SCRIPTS.put("unknown and arity", """
                FOO
                FOO a b
                foo "a b" c
                GET
                GET a b
                SET a
                MSET a
                MSET a b c
                MSETNX a b c
                EXPIRE a
                DBSIZE x
                """);
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }

    /** Raw input, sent in one go; what comes back until the server closes (or the replies expected). */
    static final Map<String, String> RAW = new LinkedHashMap<>();

    static {
        RAW.put("inline", "PING\r\nECHO \"a\\x41\\n\" 'it\\'s'\r\nSET k \"v v\"\nGET k\r\n\r\n   \r\nQUIT\r\n");
        RAW.put("inline unbalanced", "PING\r\nECHO \"abc\r\nPING\r\n");
        RAW.put("inline quote then text", "ECHO \"a\"b\r\n");
        RAW.put("inline single", "ECHO 'a\r\n");
        RAW.put("empty multibulk", "*0\r\n*-1\r\nPING\r\nQUIT\r\n");
        RAW.put("invalid multibulk length", "PING\r\n*x\r\nPING\r\n");
        RAW.put("multibulk leading zero", "*01\r\n$4\r\nPING\r\n");
        RAW.put("multibulk too long", "*2147483648\r\n");
        RAW.put("expected dollar", "*1\r\nxPING\r\n");
        RAW.put("invalid bulk length", "*1\r\n$-1\r\n");
        RAW.put("bulk too big", "*1\r\n$536870913\r\n");
        RAW.put("bulk not a number", "*1\r\n$abc\r\n");
        RAW.put("unchecked bulk end", "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\nQUIT\r\n");
        RAW.put("quit with args", "QUIT now\r\nPING\r\n");
        RAW.put("pipeline then error", "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n*1\r\n!\r\n");
        RAW.put("unknown command with long args", "FOO " + "a".repeat(100) + " " + "b".repeat(100) + " c\r\nQUIT\r\n");
    }

    @TestFactory
    Stream<DynamicTest> rawInputIsReadAsRedisReadsIt() {
        return servers.perModel(RAW, (address, text) -> {
            byte[] input = text.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(raw(new RawRedis(address), input)).as(text)
                    .isEqualTo(raw(new RawRedis(servers.redis()), input));
        });
    }

    @TestFactory
    Stream<DynamicTest> resp3RepliesAsRedisGivesThem() {
        String script = """
                HELLO 3
                SET k v
                GET nokey
                CLIENT GETNAME
                MGET k nokey
                INCRBYFLOAT f 1.5
                HSET h a 1 b 2
                HGETALL h
                HGETALL nokey
                SADD s 2 1
                SMEMBERS s
                SINTER s nokey
                HELLO 2
                HGETALL h
                GET nokey
                """;
        return servers.perModel(Map.of("hello 3", script), (address, text) -> {
            List<List<String>> commands = DifferentialServers.parse(text);
            List<String> expected = DifferentialServers.run(new RawRedis(servers.redis()), commands, false);
            List<String> actual = DifferentialServers.run(new RawRedis(address), commands, false);
            for (int i = 0; i < commands.size(); i++) {
                String what = String.join(" ", commands.get(i));
                if (what.startsWith("HELLO")) {
                    // the connection id differs; the rest of the map must not
                    assertThat(actual.get(i).replaceAll(":\\d+\r\n\\$4\r\nmode", ":ID\r\n\\$4\r\nmode"))
                            .as(what).isEqualTo(expected.get(i).replaceAll(":\\d+\r\n\\$4\r\nmode", ":ID\r\n\\$4\r\nmode"));
                } else {
                    assertThat(actual.get(i)).as(what).isEqualTo(expected.get(i));
                }
            }
        });
    }

    private static String raw(RawRedis client, byte[] input) throws IOException {
        try (client) {
            client.send(input);
            return client.untilClosedOrQuiet();
        }
    }
}
