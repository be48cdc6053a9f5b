package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server and connection administration (CLIENT, CONFIG, INFO's fields, COMMAND and the like) and pub/sub on one
 * connection, as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte in RESP2 and again in RESP3 ({@link DifferentialServers}).
 */
@Timeout(180)
class KvServerDifferentialTest extends DifferentialScripts.BothProtocols {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("admin and connection", """
                CLIENT NO-EVICT on
                CLIENT NO-EVICT off
                CLIENT NO-EVICT maybe
                CLIENT REPLY maybe
                CLIENT REPLY
                CLIENT REPLY ON
                CLIENT KILL 1.2.3.4:5
                CLIENT KILL 1.2.3.4:5 extra
                CLIENT KILL ID x
                CLIENT KILL ID 0
                CLIENT KILL ID 999999
                CLIENT KILL TYPE foo
                CLIENT KILL TYPE pubsub
                CLIENT KILL BOGUS 1
                CLIENT KILL SKIPME maybe
                CLIENT KILL USER nobody
                CLIENT INFO x
                CLIENT LIST TYPE foo
                CLIENT LIST ID 0
                CLIENT LIST ID x
                CLIENT LIST BOGUS
                CLIENT LIST TYPE pubsub
                CLIENT UNBLOCK x
                CLIENT UNBLOCK 999999
                CLIENT UNBLOCK 999999 maybe
                CLIENT UNBLOCK 999999 ERROR
                CONFIG GET databases
                CONFIG GET nosuch
                CONFIG GET slowlog-max-len
                CONFIG GET client-output-buffer-limit
                CONFIG SET nosuch 1
                CONFIG SET databases 3
                CONFIG SET slowlog-max-len
                CONFIG SET slowlog-max-len x
                CONFIG SET slowlog-max-len 5 slowlog-max-len 6
                CONFIG SET slowlog-max-len -1
                CONFIG SET client-output-buffer-limit "pubsub 1mb x 1"
                CONFIG SET client-output-buffer-limit "pubsub 64mb 16mb 90"
                CONFIG GET client-output-buffer-limit
                CONFIG SET client-output-buffer-limit "normal 0 0 0 pubsub 32mb 8mb 60"
                CONFIG SET slowlog-max-len 128 slowlog-log-slower-than 10000
                CONFIG SET maxmemory-policy bogus
                CONFIG SET maxmemory 1x
                CONFIG SET maxmemory -1
                CONFIG SET maxmemory-samples 0
                CONFIG SET maxmemory-samples x
                CONFIG SET lfu-log-factor -1
                CONFIG SET maxmemory 100mb maxmemory-policy ALLKEYS-LFU maxmemory-samples 7
                CONFIG GET maxmemory
                CONFIG GET maxmemory-policy
                CONFIG GET maxmemory-samples
                CONFIG SET lfu-log-factor 20 lfu-decay-time 2
                CONFIG GET lfu-log-factor
                CONFIG GET lfu-decay-time
                CONFIG SET maxmemory 0 maxmemory-policy noeviction maxmemory-samples 5 lfu-log-factor 10 lfu-decay-time 1
                CONFIG GET slowlog-max-len
                CONFIG SET requirepass s3cret
                PING
                CONFIG GET requirepass
                CONFIG SET requirepass ""
                CONFIG GET requirepass
                CONFIG RESETSTAT
                CONFIG RESETSTAT x
                CONFIG NOSUCH
                CONFIG
                SLOWLOG LEN x
                SLOWLOG GET x
                SLOWLOG GET -2
                SLOWLOG RESET
                SLOWLOG GET
                SLOWLOG LEN
                SLOWLOG NOSUCH
                OBJECT ENCODING nokey
                SET n 123
                SET e hello
                SET r "0123456789012345678901234567890123456789012345"
                SET big 12345678901234567890
                OBJECT ENCODING n
                OBJECT ENCODING e
                OBJECT ENCODING r
                OBJECT ENCODING big
                OBJECT REFCOUNT n
                OBJECT REFCOUNT e
                OBJECT REFCOUNT nokey
                OBJECT FREQ n
                OBJECT FREQ nokey
                RPUSH l a
                OBJECT ENCODING l
                HSET h f v
                OBJECT ENCODING h
                SADD si 1 2
                OBJECT ENCODING si
                SADD ss a
                OBJECT ENCODING ss
                ZADD z 1 a
                OBJECT ENCODING z
                OBJECT ENCODING n extra
                OBJECT NOSUCH n
                SLOWLOG HELP
                CONFIG HELP
                CONFIG HELP x
                COMMAND DOCS get
                COMMAND DOCS zadd nosuch blpop
                COMMAND DOCS client|kill
                COMMAND DOCS nosuch
                FUNCTION FLUSH
                FUNCTION FLUSH ASYNC
                FUNCTION FLUSH x
                RESET x
                """);
        SCRIPTS.put("pubsub on one connection", """
                PUBLISH ch hello
                PUBSUB NUMSUB ch other
                PUBSUB NUMPAT
                PUBSUB CHANNELS
                PUBSUB CHANNELS x*
                PUBSUB CHANNELS a b
                PUBSUB NOSUCH
                PUBLISH ch
                UNSUBSCRIBE
                PUNSUBSCRIBE
                UNSUBSCRIBE ch
                SUBSCRIBE ch
                PING
                PING hi
                GET k
                PSUBSCRIBE c*
                SUBSCRIBE ch
                PUBSUB NUMSUB ch
                PUBLISH ch self
                PING
                UNSUBSCRIBE ch
                PUNSUBSCRIBE nosuch
                PUNSUBSCRIBE c*
                PING
                SUBSCRIBE ch
                RESET
                PING
                SELECT 1
                SET k v
                CLIENT SETNAME n
                MULTI
                RESET
                CLIENT GETNAME
                GET k
                EXEC
                """);
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
