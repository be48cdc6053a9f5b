package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sorted set commands (ZADD's options, ranks, every ZRANGE form, ZREMRANGE, pops, ZUNION/ZINTER/ZDIFF and
 * their STORE forms, ZRANDMEMBER, ZSCAN), as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte in RESP2 and again in RESP3 ({@link DifferentialServers}).
 */
@Timeout(180)
class KvSortedSetsDifferentialTest extends DifferentialScripts.BothProtocols {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("zadd", """
                ZADD z 1 a 2 b 3 c
                ZADD z 1 a
                ZADD z CH 5 a 2 b
                ZADD z NX 10 a 10 d
                ZADD z XX 20 a 20 e
                ZRANGE z 0 -1 WITHSCORES
                ZADD z GT 1 a
                ZADD z GT CH 30 a
                ZADD z LT CH 1 a 40 b
                ZADD z GT LT 1 a
                ZADD z NX GT 1 a
                ZADD z NX XX 1 a
                ZADD z INCR 5 a
                ZADD z INCR 5 a 6 b
                ZADD z INCR NX 5 a
                ZADD z INCR XX 5 nosuch
                ZADD z INCR GT -100 a
                ZADD z 1
                ZADD z 1 a 2
                ZADD z x a
                ZADD z nan a
                ZADD z "1 " a
                ZADD z " 1" a
                ZADD z 1e400 a
                ZADD z 0x10 a
                ZADD z 1.5d a
                ZADD z BOGUS 1 a
                ZADD z inf pinf -inf minf +inf pinf2 1e5 big .5 half 1. one -0 negzero 1e-400 tiny
                ZRANGE z 0 -1 WITHSCORES
                ZADD z INCR -inf pinf
                ZINCRBY z 1.5 a
                ZINCRBY z 1 newmember
                ZINCRBY z x a
                ZINCRBY z inf minf
                ZSCORE z a
                ZSCORE z nosuch
                ZSCORE nokey a
                ZMSCORE z a nosuch b
                ZMSCORE nokey a b
                ZCARD z
                ZCARD nokey
                ZADD nokey XX 1 a
                EXISTS nokey
                ZADD z2 1.1 a 0.1 b 3.3000000000000003 c 100000000000000000000 d 1e-5 e 123456789012345678 f
                ZRANGE z2 0 -1 WITHSCORES
                ZINCRBY z2 0.2 b
                SET str v
                ZADD str 1 a
                ZSCORE str a
                ZCARD str
                ZINCRBY str 1 a
                TYPE z
                """);
        SCRIPTS.put("zrem and ranks", """
                ZADD z 1 a 1 b 1 c 2 d 0 e
                ZRANK z a
                ZRANK z e
                ZRANK z d
                ZRANK z nosuch
                ZREVRANK z a
                ZREVRANK z d
                ZRANK nokey a
                ZREM z a nosuch
                ZREM z a
                ZRANGE z 0 -1
                ZREM z b c d e
                EXISTS z
                ZREM nokey a
                ZADD z 1 "" 1 "\\x00" 1 A 1 a 1 aa 1 b
                ZRANGE z 0 -1
                SET str v
                ZRANK str a
                ZREM str a
                """);
        SCRIPTS.put("zrange", """
                ZADD z 1 a 2 b 3 c 4 d 5 e 5 f
                ZRANGE z 0 -1
                ZRANGE z 0 -1 WITHSCORES
                ZRANGE z -2 -1
                ZRANGE z 2 1
                ZRANGE z 10 20
                ZRANGE z -100 100
                ZRANGE z 0 0 REV
                ZRANGE z 0 -1 REV WITHSCORES
                ZRANGE z x 1
                ZRANGE z 0 1 LIMIT 0 1
                ZRANGE z 1 3 BYSCORE
                ZRANGE z (1 (3 BYSCORE
                ZRANGE z -inf +inf BYSCORE WITHSCORES
                ZRANGE z 3 1 BYSCORE REV
                ZRANGE z (5 1 BYSCORE REV LIMIT 1 2
                ZRANGE z 1 5 BYSCORE LIMIT 2 2 WITHSCORES
                ZRANGE z 1 5 BYSCORE LIMIT 2 -1
                ZRANGE z 1 5 BYSCORE LIMIT -1 2
                ZRANGE z 1 5 BYSCORE LIMIT 10 2
                ZRANGE z 1 5 BYSCORE LIMIT 0 0
                ZRANGE z 1 5 BYSCORE LIMIT 0
                ZRANGE z 1 5 BYSCORE LIMIT x 1
                ZRANGE z x 5 BYSCORE
                ZRANGE z "" "" BYSCORE
                ZRANGE z ( 5 BYSCORE
                ZRANGE z 3 3 BYSCORE
                ZRANGE z (3 3 BYSCORE
                ZRANGE z 5 1 BYSCORE
                ZRANGE z nan 1 BYSCORE
                ZRANGE z 1e400 1e401 BYSCORE
                ZRANGE z 1 5 BYSCORE BYLEX
                ZRANGE z 1 5 REV REV
                ZRANGE z 1 5 BOGUS
                ZRANGE nokey 0 -1
                ZRANGE nokey 0 -1 WITHSCORES
                ZREVRANGE z 0 1
                ZREVRANGE z 0 1 WITHSCORES
                ZREVRANGE z 0 1 REV
                ZREVRANGE z 0 1 LIMIT 0 1
                ZRANGEBYSCORE z 2 4
                ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 1
                ZRANGEBYSCORE z 2 4 REV
                ZRANGEBYSCORE z 2 4 BYSCORE
                ZREVRANGEBYSCORE z 4 2
                ZREVRANGEBYSCORE z +inf -inf WITHSCORES
                ZREVRANGEBYSCORE z 2 4
                SET str v
                ZRANGE str 0 -1
                ZRANGEBYSCORE str 0 1
                ZRANGE str x 1
                """);
        SCRIPTS.put("zrange by lex", """
                ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 g
                ZRANGE l - + BYLEX
                ZRANGE l [b (e BYLEX
                ZRANGE l (b [e BYLEX
                ZRANGE l + - BYLEX REV
                ZRANGE l [e [b BYLEX REV LIMIT 1 2
                ZRANGE l - + BYLEX WITHSCORES
                ZRANGE l a b BYLEX
                ZRANGE l + + BYLEX
                ZRANGE l - - BYLEX
                ZRANGE l + - BYLEX
                ZRANGE l [c [c BYLEX
                ZRANGE l (c [c BYLEX
                ZRANGE l [ [z BYLEX
                ZRANGE l "(" "[" BYLEX
                ZRANGE l +x + BYLEX
                ZRANGEBYLEX l - +
                ZRANGEBYLEX l - + LIMIT 2 3
                ZRANGEBYLEX l - + WITHSCORES
                ZREVRANGEBYLEX l + -
                ZREVRANGEBYLEX l [d - LIMIT 0 2
                ZREVRANGEBYLEX l - +
                ZLEXCOUNT l - +
                ZLEXCOUNT l [b [d
                ZLEXCOUNT l (b (d
                ZLEXCOUNT l x y
                ZLEXCOUNT nokey - +
                ZCOUNT l 0 0
                ZCOUNT l (0 0
                ZCOUNT l -inf +inf
                ZCOUNT l x 1
                ZCOUNT nokey 0 1
                ZREMRANGEBYLEX l [b (d
                ZRANGE l 0 -1
                ZREMRANGEBYLEX l x y
                ZREMRANGEBYLEX l - +
                EXISTS l
                """);
        SCRIPTS.put("zremrange and zrangestore", """
                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZREMRANGEBYRANK z 0 0
                ZREMRANGEBYRANK z -1 -1
                ZREMRANGEBYRANK z 5 10
                ZREMRANGEBYRANK z x 1
                ZRANGE z 0 -1
                ZREMRANGEBYSCORE z (2 3
                ZREMRANGEBYSCORE z x 3
                ZRANGE z 0 -1
                ZREMRANGEBYRANK z 0 -1
                EXISTS z
                ZREMRANGEBYRANK nokey 0 -1
                ZREMRANGEBYSCORE nokey 0 1
                ZADD src 1 a 2 b 3 c 4 d
                ZRANGESTORE dst src 0 1
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 2 3 BYSCORE
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src [b [c BYLEX
                ZRANGESTORE dst src 4 1 BYSCORE REV LIMIT 1 2
                ZRANGE dst 0 -1 WITHSCORES
                ZRANGESTORE dst src 0 -1 WITHSCORES
                ZRANGESTORE dst src 10 20
                EXISTS dst
                ZRANGESTORE dst nokey 0 -1
                SET str v
                ZRANGESTORE dst str 0 -1
                ZRANGESTORE str src 0 0
                TYPE str
                ZRANGESTORE src src 1 2
                ZRANGE src 0 -1
                """);
        SCRIPTS.put("zpop", """
                ZADD z 1 a 2 b 3 c 4 d 5 e
                ZPOPMIN z
                ZPOPMAX z
                ZPOPMIN z 2
                ZPOPMIN z 0
                ZPOPMIN z -1
                ZPOPMIN z x
                ZPOPMIN z 1 2
                ZPOPMAX z 10
                EXISTS z
                ZPOPMIN nokey
                ZPOPMIN nokey 0
                ZADD z 1 a 2 b 3 c
                ZMPOP 1 z MIN
                ZMPOP 2 nokey z MAX COUNT 10
                ZMPOP 1 z MIN
                ZMPOP 0 z MIN
                ZMPOP x z MIN
                ZMPOP 2 z MIN
                ZMPOP 1 z LEFT
                ZMPOP 1 z MIN COUNT 0
                ZMPOP 1 z MIN COUNT
                ZMPOP 1 z MIN COUNT 1 COUNT 1
                ZMPOP 1 z MIN BOGUS
                SET str v
                ZPOPMIN str
                ZMPOP 2 nokey str MIN
                BZPOPMIN nokey str 0
                ZADD z 1 a 2 b
                BZPOPMIN nokey z 0
                BZPOPMAX z 0
                BZPOPMIN z x
                BZPOPMIN z -1
                ZADD z 1 a 2 b 3 c
                BZMPOP 0 1 z MIN
                BZMPOP 0 1 z MAX COUNT 2
                BZMPOP 0 0 z MAX
                BZMPOP x 1 z MAX
                """);
        SCRIPTS.put("zset algebra", """
                ZADD a 1 x 2 y 3 z
                ZADD b 10 y 20 z 30 w
                SADD s x w
                ZUNION 2 a b
                ZUNION 2 a b WITHSCORES
                ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES
                ZUNION 2 a b AGGREGATE MIN WITHSCORES
                ZUNION 2 a b AGGREGATE MAX WITHSCORES
                ZUNION 2 a b AGGREGATE avg
                ZUNION 2 a b WEIGHTS 1
                ZUNION 2 a b WEIGHTS 1 x
                ZUNION 3 a b s WITHSCORES
                ZUNION 0 a
                ZUNION -1 a
                ZUNION x a
                ZUNION 3 a b
                ZUNION 2 a nokey WITHSCORES
                ZINTER 2 a b WITHSCORES
                ZINTER 2 a b WEIGHTS 1 -1 AGGREGATE MAX WITHSCORES
                ZINTER 2 a s WITHSCORES
                ZINTER 2 a nokey
                ZINTER 2 a a WITHSCORES
                ZDIFF 2 a b WITHSCORES
                ZDIFF 2 b s
                ZDIFF 1 a
                ZDIFF 2 a b WEIGHTS 1 1
                ZDIFF 2 a b AGGREGATE SUM
                ZDIFF 2 nokey a
                ZINTERCARD 2 a b
                ZINTERCARD 2 a b LIMIT 1
                ZINTERCARD 2 a b LIMIT -1
                ZINTERCARD 2 a b LIMIT 0
                ZINTERCARD 0 a
                ZINTERCARD 3 a b
                ZINTERCARD 2 a b WITHSCORES
                ZUNIONSTORE dst 2 a b
                ZRANGE dst 0 -1 WITHSCORES
                ZINTERSTORE dst 2 a b WEIGHTS 2 3
                ZRANGE dst 0 -1 WITHSCORES
                ZDIFFSTORE dst 2 a b
                ZRANGE dst 0 -1 WITHSCORES
                ZINTERSTORE dst 2 a nokey
                EXISTS dst
                ZUNIONSTORE dst 2 a b WITHSCORES
                ZUNIONSTORE dst 0 a
                ZADD inf 1 p
                ZADD minf 1 p
                ZUNION 2 inf minf WEIGHTS inf -inf WITHSCORES
                ZINTER 2 inf minf WEIGHTS inf -inf WITHSCORES
                ZUNION 1 a WEIGHTS 0 WITHSCORES
                SET str v
                ZUNION 2 a str
                ZUNIONSTORE dst 2 a str
                ZUNION 2 str a BOGUS
                """);
        SCRIPTS.put("zrandmember and zscan", """
                ZADD z 1 a 2 b 3 c
                ZRANDMEMBER z 3
                ZRANDMEMBER z 5 WITHSCORES
                ZRANDMEMBER z 0
                ZRANDMEMBER z 1 x
                ZRANDMEMBER z 1 WITHSCORES x
                ZRANDMEMBER z x
                ZRANDMEMBER z -9223372036854775808
                ZRANDMEMBER z 9223372036854775807 WITHSCORES
                ZRANDMEMBER nokey
                ZRANDMEMBER nokey 5
                ZADD one 1.5 only
                ZRANDMEMBER one
                ZRANDMEMBER one -3 WITHSCORES
                ZRANDMEMBER one 1 WITHSCORES
                ZSCAN z 0
                ZSCAN z 0 MATCH b*
                ZSCAN z 0 COUNT 1
                ZSCAN z 0 COUNT 0
                ZSCAN z 0 TYPE zset
                ZSCAN z x
                ZSCAN nokey 0 BOGUS
                ZADD f 1.1 a 1e20 b inf c
                ZSCAN f 0
                SET str v
                ZSCAN str 0
                ZRANDMEMBER str
                """);
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
