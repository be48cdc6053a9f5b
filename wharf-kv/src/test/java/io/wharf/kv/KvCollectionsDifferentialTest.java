package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash, list and set commands, as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte, errors and wrong types included ({@link DifferentialServers}).
 */
@Timeout(120)
class KvCollectionsDifferentialTest extends DifferentialScripts {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

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
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
