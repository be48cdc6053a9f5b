package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key space commands (KEYS, SCAN, TYPE, RENAME, expiry, SELECT, MOVE, SWAPDB, the WRONGTYPE errors), as
 * scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte, errors and wrong types included ({@link DifferentialServers}).
 */
@Timeout(120)
class KvKeysDifferentialTest extends DifferentialScripts {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
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

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
