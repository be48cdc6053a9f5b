package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The random and cursor commands of hashes and sets (HRANDFIELD, SRANDMEMBER, SPOP, HSCAN, SSCAN) and the
 * blocking pops given keys that need not block, as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte in RESP2 and again in RESP3 ({@link DifferentialServers}).
 */
@Timeout(180)
class KvCollectionExtrasDifferentialTest extends DifferentialScripts.BothProtocols {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
        SCRIPTS.put("hash and set random and scan", """
                HSET h a 1 b 2 c 3
                HRANDFIELD h 3
                HRANDFIELD h 10 WITHVALUES
                HRANDFIELD h 0
                HRANDFIELD h x
                HRANDFIELD h 1 WITHSCORES
                HRANDFIELD h 1 WITHVALUES x
                HRANDFIELD h -9223372036854775808
                HRANDFIELD h 9223372036854775807 WITHVALUES
                HRANDFIELD nokey
                HRANDFIELD nokey 3
                HSET one f v
                HRANDFIELD one
                HRANDFIELD one -2 WITHVALUES
                HSCAN h 0
                HSCAN h 0 MATCH b*
                HSCAN h 0 COUNT 0
                HSCAN h x
                HSCAN h 0 TYPE hash
                HSCAN nokey 0 BOGUS
                SADD s 3 1 2
                SRANDMEMBER s 3
                SRANDMEMBER s 10
                SRANDMEMBER s 0
                SRANDMEMBER s x
                SRANDMEMBER s 1 2
                SRANDMEMBER s -9223372036854775808
                SRANDMEMBER nokey
                SRANDMEMBER nokey 2
                SSCAN s 0
                SSCAN s 0 MATCH 2
                SSCAN nokey 0
                SSCAN s 0 COUNT x
                SADD one1 7
                SRANDMEMBER one1
                SRANDMEMBER one1 -3
                SPOP one1
                EXISTS one1
                SPOP s 0
                SPOP s -1
                SPOP s x
                SPOP s 1 2
                SPOP s 10
                EXISTS s
                SPOP nokey
                SPOP nokey 2
                SET str v
                SPOP str
                SRANDMEMBER str
                SSCAN str 0
                HSCAN str 0
                HRANDFIELD str
                """);
        SCRIPTS.put("blocking commands that need not block", """
                RPUSH l a b c
                BLPOP nokey l 0
                BRPOP l 0
                BLPOP l x
                BLPOP l -1
                BLPOP l inf
                BLPOP l 1e400
                BLPOP l "1 "
                BLPOP l 9223372036854775807
                BLPOP l 0.001
                SET str v
                BLPOP nokey str 0
                BRPOP l str 0
                RPUSH l d e
                BLMOVE l dst LEFT RIGHT 0
                BLMOVE l dst UP RIGHT 0
                BLMOVE l dst LEFT RIGHT x
                BLMOVE l str LEFT RIGHT 0
                BLMOVE str dst LEFT RIGHT 0
                BRPOPLPUSH l dst 0
                LRANGE dst 0 -1
                RPUSH l a b c
                BLMPOP 0 2 nokey l LEFT COUNT 2
                BLMPOP 0 1 l RIGHT
                BLMPOP 0 0 l RIGHT
                BLMPOP x 1 l RIGHT
                BLMPOP 0 1 l UP
                BLMPOP 0 1 l LEFT COUNT 0
                BLMPOP 0 1 l LEFT COUNT 1 x
                BLMPOP 0 2 str l LEFT
                """);
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
