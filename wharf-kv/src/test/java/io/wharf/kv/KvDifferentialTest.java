package io.wharf.kv;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same command scripts against Debian's {@code redis-server} 7.0 and wharf, replies compared byte for
 * byte: every command's reply, errors and wrong types included, and raw protocol input (inline commands,
 * protocol errors, which close the connection) compared up to the close; under every model that serves kv.
 * Skipped when redis-server is not installed ({@code .ci/run} installs it).
 */
@Timeout(120)
class KvDifferentialTest {

    @RegisterExtension
    static final DifferentialServers servers = new DifferentialServers();

    /**
     * Scripts ({@link DifferentialServers#parse}'s syntax). A reply that lists several keys (KEYS, SCAN) comes in
     * hash-table order, which differs between servers: scripts keep such replies to one key.
     */
    static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

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
        SCRIPTS.put("get set", """
                GET k
                SET k v
                GET k
                SET k v2 NX
                SET k v3 XX
                GET k
                SET k2 v XX
                SET k2 v NX
                SET k v GET
                SET nokey v GET
                SET k v NX XX
                SET k v XX NX
                SET k v EX 10 PX 100
                SET k v EX
                SET k v EX 0
                SET k v EX -5
                SET k v EX x
                SET k v PX 9223372036854775807
                SET k v EX 9223372036854775807
                SET k v KEEPTTL EX 10
                SET k v EX 10 KEEPTTL
                SET k v BOGUS
                SET k v EX 100
                TTL k
                SET k v KEEPTTL
                TTL k
                SET k v
                TTL k
                SET k v EXAT 1
                GET k
                SET k v PXAT 1
                EXISTS k
                SET k v nx get
                SET k v xx get
                SET k v EX 100 EX 200
                TTL k
                """);
        SCRIPTS.put("set family", """
                SETNX a 1
                SETNX a 2
                GET a
                SETEX b 100 v
                TTL b
                SETEX b 0 v
                SETEX b x v
                PSETEX c 100000 v
                TTL c
                PSETEX c -1 v
                GETSET a 3
                GETSET nokey 1
                GETDEL a
                GETDEL a
                MGET a b c nokey
                MSET x 1 y 2 z 3
                MGET x y z
                MSETNX x 1 w 2
                MSETNX v 1 w 2
                MGET v w
                GETEX x
                GETEX x EX 100
                TTL x
                GETEX x PERSIST
                TTL x
                GETEX x EX 10 PERSIST
                GETEX x NX
                GETEX x GET
                GETEX x KEEPTTL
                GETEX x EXAT 1
                EXISTS x
                GETEX nokey EX 10
                GETEX y PX 0
                GETEX y EX 9223372036854775807
                """);
        SCRIPTS.put("counters", """
                INCR n
                INCRBY n 10
                DECR n
                DECRBY n 5
                INCRBY n x
                INCRBY n 1.5
                INCRBY n " 1"
                INCRBY n 01
                SET n 9223372036854775807
                INCR n
                SET n -9223372036854775808
                DECR n
                DECRBY n -9223372036854775808
                SET s abc
                INCR s
                SET n " 5"
                INCR n
                SET n +5
                INCR n
                SET n -0
                INCR n
                INCRBYFLOAT f 10.5
                INCRBYFLOAT f 0.1
                INCRBYFLOAT f -5.1
                INCRBYFLOAT f 1e3
                INCRBYFLOAT f 3.0e-2
                INCRBYFLOAT f abc
                INCRBYFLOAT f inf
                INCRBYFLOAT f nan
                INCRBYFLOAT f " 1"
                INCRBYFLOAT g 5
                INCRBYFLOAT g -5
                INCRBYFLOAT h 0.1
                INCRBYFLOAT h 0.2
                INCRBYFLOAT h 1.23456789012345678
                INCRBYFLOAT i 3.14159265358979323846
                INCRBYFLOAT s 1
                INCRBYFLOAT j .5
                INCRBYFLOAT j 5.
                """);
        SCRIPTS.put("ranges", """
                APPEND a hello
                APPEND a " world"
                STRLEN a
                STRLEN nokey
                GETRANGE a 0 4
                GETRANGE a -5 -1
                GETRANGE a 6 100
                GETRANGE a -100 2
                GETRANGE a 5 2
                GETRANGE a -1 -5
                GETRANGE a x 1
                GETRANGE nokey 0 -1
                SUBSTR a 0 2
                SETRANGE a 6 WORLD
                GET a
                SETRANGE b 3 x
                GET b
                SETRANGE c 0 ""
                EXISTS c
                SETRANGE a 0 ""
                SETRANGE a -1 x
                SETRANGE a 536870912 x
                SETRANGE a 536870911 ""
                """);
        SCRIPTS.put("keys", """
                MSET a 1 b 2 c 3
                DEL a b nokey
                EXISTS a b c c
                UNLINK c
                SET k v
                TYPE k
                TYPE nokey
                RENAME nokey x
                RENAME k k
                RENAMENX k k
                RENAME k k2
                GET k2
                SET o 1
                RENAMENX k2 o
                RENAMENX k2 p
                SET e v EX 100
                RENAME e f
                TTL f
                TOUCH f p nokey
                KEYS nomatch*
                KEYS f
                KEYS "[a-f]"
                KEYS "[^fp]"
                KEYS "\\f"
                DBSIZE
                FLUSHDB x
                FLUSHDB async
                DBSIZE
                RANDOMKEY
                SET one 1
                RANDOMKEY
                SCAN 0
                SCAN 0 MATCH o*
                SCAN 0 MATCH x*
                SCAN 0 COUNT 0
                SCAN 0 COUNT x
                SCAN 0 TYPE string
                SCAN 0 TYPE hash
                SCAN 0 TYPE nosuch
                SCAN 0 BOGUS 1
                SCAN x
                SCAN ""
                SCAN 18446744073709551616
                FLUSHALL sync
                FLUSHALL sync x
                DBSIZE
                """);
        SCRIPTS.put("expire", """
                SET k v
                TTL k
                PTTL k
                EXPIRETIME k
                TTL nokey
                PTTL nokey
                EXPIRETIME nokey
                PEXPIRETIME nokey
                EXPIRE nokey 10
                EXPIRE k 100
                TTL k
                EXPIRE k 100 NX
                EXPIRE k 200 XX
                TTL k
                EXPIRE k 50 GT
                EXPIRE k 300 GT
                TTL k
                EXPIRE k 400 LT
                EXPIRE k 10 LT
                TTL k
                EXPIRE k 10 NX XX
                EXPIRE k 10 GT LT
                EXPIRE k 10 NX GT
                EXPIRE k 10 BOGUS
                EXPIRE k x
                EXPIRE k 9223372036854775807
                EXPIRE k -9223372036854775808
                PEXPIRE k 9223372036854775807
                PERSIST k
                PERSIST k
                PERSIST nokey
                TTL k
                EXPIRE k 10 XX
                EXPIRE k 10 GT
                EXPIRE k 10 LT
                TTL k
                EXPIREAT k 4102444800
                EXPIRETIME k
                PEXPIRETIME k
                PEXPIREAT k 4102444800123
                PEXPIRETIME k
                EXPIRETIME k
                EXPIREAT k 4102444801 LT
                EXPIRE k 0
                EXISTS k
                SET k v
                EXPIRE k -1
                EXISTS k
                SET k v
                PEXPIREAT k 1
                GET k
                SET k v
                EXPIREAT k 1 NX
                EXISTS k
                """);
    }

    static {
        SCRIPTS.put("hashes", """
                HSET h a 1 b 2
                HSET h a 10 c 3
                HSET h a
                HMSET h d 4
                HMSET h d
                HSETNX h a 5
                HSETNX h e 5
                HGET h a
                HGET h nofield
                HGET nokey a
                HMGET h a nofield c
                HMGET nokey a b
                HGETALL h
                HGETALL nokey
                HKEYS h
                HVALS h
                HLEN h
                HLEN nokey
                HEXISTS h a
                HEXISTS h nofield
                HSTRLEN h a
                HSTRLEN h nofield
                HDEL h a nofield c
                HGETALL h
                HINCRBY h n 5
                HINCRBY h n -10
                HINCRBY h n x
                HSET h s abc
                HINCRBY h s 1
                HSET h big 9223372036854775807
                HINCRBY h big 1
                HINCRBYFLOAT h f 10.5
                HINCRBYFLOAT h f 0.1
                HINCRBYFLOAT h f inf
                HINCRBYFLOAT h f x
                HINCRBYFLOAT h s 1
                HINCRBYFLOAT h n 1.5
                TYPE h
                HDEL h b d e n s big f
                EXISTS h
                HDEL h a
                HINCRBY fresh x 1
                HINCRBYFLOAT fresh2 y 2.5
                HGETALL fresh
                """);
        SCRIPTS.put("lists", """
                LPUSH l a b c
                RPUSH l d e
                LRANGE l 0 -1
                LPUSHX nokey a
                RPUSHX nokey a
                LPUSHX l z
                RPUSHX l y
                LLEN l
                LLEN nokey
                LRANGE l 1 3
                LRANGE l -3 -1
                LRANGE l -100 100
                LRANGE l 5 2
                LRANGE l 100 200
                LRANGE l x 1
                LRANGE nokey 0 -1
                LINDEX l 0
                LINDEX l -1
                LINDEX l 100
                LINDEX l x
                LINDEX nokey x
                LSET l 0 first
                LSET l -1 last
                LSET l 100 x
                LSET nokey 0 x
                LSET l x y
                LRANGE l 0 -1
                LPOP l
                RPOP l
                LPOP l 2
                RPOP l 0
                LPOP l -1
                LPOP l x
                LPOP l 1 2
                LPOP nokey
                LPOP nokey 2
                RPOP nokey 0
                RPUSH r a b a c a d a
                LREM r 2 a
                LRANGE r 0 -1
                LREM r -1 a
                LRANGE r 0 -1
                LREM r 0 a
                LRANGE r 0 -1
                LREM r x a
                LREM nokey 1 a
                LINSERT r BEFORE c x
                LINSERT r AFTER d y
                LINSERT r AFTER nothere y
                LINSERT r MIDDLE c x
                LINSERT nokey BEFORE a b
                LRANGE r 0 -1
                LTRIM r 1 2
                LRANGE r 0 -1
                LTRIM r 5 10
                EXISTS r
                LTRIM nokey 0 1
                RPUSH p a b c a b c a
                LPOS p a
                LPOS p a RANK 2
                LPOS p a RANK -1
                LPOS p a RANK -2
                LPOS p a COUNT 0
                LPOS p a COUNT 2
                LPOS p a COUNT 2 RANK -1
                LPOS p a MAXLEN 3 COUNT 0
                LPOS p a RANK 0
                LPOS p a RANK -9223372036854775808
                LPOS p a COUNT -1
                LPOS p a MAXLEN -1
                LPOS p a BOGUS
                LPOS p a RANK
                LPOS p z
                LPOS p z COUNT 1
                LPOS nokey a
                LPOS nokey a COUNT 1
                RPUSH m 1 2 3
                LMOVE m n LEFT RIGHT
                LMOVE m n RIGHT LEFT
                LMOVE m m LEFT RIGHT
                LMOVE m n UP DOWN
                LMOVE nokey n LEFT LEFT
                LRANGE m 0 -1
                LRANGE n 0 -1
                RPOPLPUSH n m
                RPOPLPUSH n m
                EXISTS n
                LMPOP 2 nokey m LEFT
                LMPOP 2 nokey m RIGHT COUNT 10
                LMPOP 1 m LEFT
                LMPOP 0 m LEFT
                LMPOP x m LEFT
                LMPOP 5 m LEFT
                LMPOP 1 m MIDDLE
                LMPOP 1 m LEFT COUNT 0
                LMPOP 1 m LEFT COUNT 1 COUNT 2
                LMPOP 1 m LEFT BOGUS
                SET s v
                LPUSH s a
                LRANGE s 0 1
                LPOP s
                LMOVE s m LEFT LEFT
                RPUSH m a
                LMOVE m s LEFT LEFT
                LMPOP 2 nokey s LEFT
                TYPE m
                """);
        SCRIPTS.put("sets", """
                SADD s 3 1 2
                SADD s 2 5 -7
                SMEMBERS s
                SMEMBERS nokey
                SCARD s
                SCARD nokey
                SISMEMBER s 5
                SISMEMBER s 4
                SISMEMBER s x
                SISMEMBER nokey 1
                SMISMEMBER s 1 4 5 x
                SMISMEMBER nokey 1
                SREM s 1 4 x
                SMEMBERS s
                SADD t 5 9 10 2
                SINTER s t
                SINTER s t nokey
                SINTER s
                SINTERSTORE d s t
                SMEMBERS d
                SINTERSTORE d s nokey
                EXISTS d
                SINTERCARD 2 s t
                SINTERCARD 2 s t LIMIT 1
                SINTERCARD 2 s t LIMIT 0
                SINTERCARD 1 s
                SINTERCARD 2 s nokey
                SINTERCARD 0 s
                SINTERCARD x s
                SINTERCARD 3 s t
                SINTERCARD 2 s t LIMIT -1
                SINTERCARD 2 s t LIMIT x
                SINTERCARD 2 s t BOGUS
                SUNION s t
                SUNION s t nokey
                SUNIONSTORE u s t
                SMEMBERS u
                SUNIONSTORE u nokey
                EXISTS u
                SDIFF s t
                SDIFF t s
                SDIFF nokey s
                SDIFF s nokey
                SDIFFSTORE d t s
                SMEMBERS d
                SDIFFSTORE d s s
                EXISTS d
                SMOVE s t 3
                SMOVE s t 3
                SMOVE nokey t 3
                SMOVE s s -7
                SMOVE s s 42
                SMOVE s fresh -7
                SMEMBERS s
                SMEMBERS fresh
                SMOVE s t 2
                SMOVE s t 5
                EXISTS s
                SADD w word
                SMEMBERS w
                SADD w word
                SISMEMBER w word
                SREM w word
                EXISTS w
                SET str v
                SADD str a
                SMEMBERS str
                SINTER s str
                SINTER nokey str
                SUNION t str
                SDIFF nokey str
                SMOVE str t 1
                SMOVE t str 5
                SINTERCARD 1 str
                TYPE t
                """);
        SCRIPTS.put("databases", """
                SET k v
                EXPIRE k 100
                MOVE k 1
                MOVE k 1
                MOVE nokey 1
                MOVE k 0
                MOVE k 16
                MOVE k x
                SELECT 1
                TTL k
                SET k other
                SELECT 0
                SET k v0
                MOVE k 1
                GET k
                RPUSH l a b
                COPY l l2
                RPUSH l2 c
                LRANGE l 0 -1
                LRANGE l2 0 -1
                COPY l l2
                COPY l l2 REPLACE
                LRANGE l2 0 -1
                COPY l l
                COPY l l DB 1
                SELECT 1
                LRANGE l 0 -1
                SELECT 0
                COPY nokey x
                COPY l x DB 99
                COPY l x DB y
                COPY l x BOGUS
                COPY l x DB
                SADD s 1 2
                HSET h f v
                SET t v EX 100
                COPY s s2
                COPY h h2
                COPY t t2
                TTL t2
                SMEMBERS s2
                HGETALL h2
                SWAPDB 0 1
                GET k
                LRANGE l 0 -1
                SWAPDB 0 1
                SWAPDB 0 0
                SWAPDB 0 16
                SWAPDB x 1
                SWAPDB 1 x
                SWAPDB -1 0
                SWAPDB 4294967296 0
                DBSIZE
                SELECT 1
                FLUSHDB
                """);
        SCRIPTS.put("wrong types", """
                SET s v
                HSET h f v
                HGET s f
                HSET s f v
                HGETALL s
                HLEN s
                HDEL s f
                HINCRBY s f 1
                HINCRBYFLOAT s f 1
                HMGET s f
                HEXISTS s f
                HSTRLEN s f
                HKEYS s
                GET h
                SET h v GET
                APPEND h x
                INCR h
                INCRBYFLOAT h 1
                STRLEN h
                GETRANGE h 0 1
                SETRANGE h 0 x
                GETEX h
                GETDEL h
                GETSET h v
                MGET s h
                TYPE h
                SCAN 0 TYPE hash
                SCAN 0 TYPE string
                RENAME h h2
                TYPE h2
                SET h2 overwritten
                TYPE h2
                """);
    }

    @TestFactory
    Stream<DynamicTest> scriptsAnswerAsRedisDoes() {
        return servers.perModel(SCRIPTS, (address, script) -> servers.sameReplies(address, script, false));
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
