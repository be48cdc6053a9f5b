package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MULTI, EXEC, DISCARD, WATCH and which writes touch a watched key, as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte in RESP2 and again in RESP3 ({@link DifferentialServers}).
 */
@Timeout(180)
class KvTransactionsDifferentialTest extends DifferentialScripts.BothProtocols {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("transactions", """
                MULTI
                SET k v
                INCR k
                GET k
                LPUSH k x
                EXEC
                EXEC
                DISCARD
                MULTI
                MULTI
                WATCH k
                SET k v2
                DISCARD
                GET k
                MULTI
                SET k v3
                NOSUCH
                GET
                EXEC
                GET k
                MULTI
                EXEC
                WATCH k
                SET k changed
                MULTI
                SET k v4
                EXEC
                GET k
                WATCH k
                MULTI
                SET k v5
                EXEC
                GET k
                WATCH nokey
                MULTI
                GET nokey
                EXEC
                WATCH k nokey
                UNWATCH
                SET k again
                MULTI
                GET k
                EXEC
                WATCH k
                FLUSHDB
                MULTI
                PING
                EXEC
                SET k v
                WATCH k
                SWAPDB 0 1
                MULTI
                PING
                EXEC
                SWAPDB 0 1
                WATCH
                EXEC a
                MULTI
                EXEC a
                EXEC
                MULTI
                BLPOP nokey 0
                BZPOPMIN nokey 0
                ZADD z 1 a
                ZRANGE z 0 -1 WITHSCORES
                EXEC
                """);
        // Redis 7.0 signals a watched key only when a write changed it (or stored it again, as SET does)
        SCRIPTS.put("watch and writes that change nothing", """
                SET k v
                WATCH k
                SET k other NX
                SETNX k other
                INCR k
                MULTI
                GET k
                EXEC
                WATCH k
                SET k v
                MULTI
                GET k
                EXEC
                SADD s a
                WATCH s
                SADD s a
                SREM s nosuch
                MULTI
                SCARD s
                EXEC
                WATCH s
                SADD s b
                MULTI
                SCARD s
                EXEC
                ZADD z 1 a
                WATCH z
                ZADD z 1 a
                ZADD z NX 5 a
                ZADD z XX GT 0 a
                ZINCRBY z 0 a
                MULTI
                ZSCORE z a
                EXEC
                WATCH z
                ZADD z 2 a
                MULTI
                ZSCORE z a
                EXEC
                WATCH nokey
                DEL nokey
                EXPIRE nokey 10
                PERSIST nokey
                LPUSHX nokey x
                MULTI
                EXISTS nokey
                EXEC
                HSET h f v
                WATCH h
                HSETNX h f other
                HDEL h nosuch
                MULTI
                HGET h f
                EXEC
                WATCH h
                HSET h f v
                MULTI
                HGET h f
                EXEC
                RPUSH l a
                ZADD z 1 a
                WATCH l z
                LREM l 0 nosuch
                ZREM z nosuch
                LPUSH k x
                MULTI
                LLEN l
                ZCARD z
                EXEC
                WATCH l
                LREM l 0 a
                MULTI
                LLEN l
                EXEC
                """);
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
