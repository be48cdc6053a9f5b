package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which keys a multi-key write invalidates for WATCH, against Debian's redis-server 7.0.15: Redis signals only
 * the keys a command changed ({@code signalModifiedKey}), so DEL of a missing key, the source keys of the STORE
 * forms and of COPY, and the keys LMPOP, BLMPOP and BZMPOP did not pop from leave a WATCH alone, while every key
 * MSET sets, both keys of RENAME, SMOVE and LMOVE, and MOVE's key in both databases are touched; a ZMPOP, SMOVE
 * or STORE that changes nothing (an empty result into a missing key) touches none. Each case
 * watches one key, runs the write on the same connection (a client's own write touches its watches too), and
 * EXECs.
 */
@Timeout(120)
class KvWatchDifferentialTest extends DifferentialScripts {

    private static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        String exec = "MULTI\nPING\nEXEC\n";
        CASES.put("DEL of a missing key", "SET a 1\nWATCH missing\nDEL a missing\n" + exec);
        CASES.put("DEL of an existing key", "SET a 1\nSET b 1\nWATCH b\nDEL a b\n" + exec);
        CASES.put("UNLINK of a missing key", "SET a 1\nWATCH missing\nUNLINK missing a\n" + exec);
        CASES.put("MSET of the same value", "SET a 1\nSET b 2\nWATCH b\nMSET a 9 b 2\n" + exec);
        CASES.put("MSETNX that sets nothing", "SET a 1\nWATCH x\nMSETNX x 1 a 2\n" + exec);
        CASES.put("SINTERSTORE's source", "SADD s1 a b\nSADD s2 b\nWATCH s1\nSINTERSTORE d s1 s2\n" + exec);
        CASES.put("SUNIONSTORE's destination", "SADD s1 a\nWATCH d\nSUNIONSTORE d s1 s2\n" + exec);
        CASES.put("SDIFFSTORE's source", "SADD s1 a b\nSADD s2 b\nWATCH s2\nSDIFFSTORE d s1 s2\n" + exec);
        CASES.put("SINTERSTORE of nothing over a set", "SADD s1 a\nSADD d x\nWATCH d\nSINTERSTORE d s1 s2\n" + exec);
        CASES.put("ZUNIONSTORE's source", "ZADD z1 1 a\nWATCH z1\nZUNIONSTORE d 2 z1 z2\n" + exec);
        CASES.put("ZINTERSTORE's destination", "ZADD z1 1 a\nZADD z2 1 a\nWATCH d\nZINTERSTORE d 2 z1 z2\n" + exec);
        CASES.put("ZDIFFSTORE's source", "ZADD z1 1 a\nZADD z2 1 b\nWATCH z2\nZDIFFSTORE d 2 z1 z2\n" + exec);
        CASES.put("ZRANGESTORE's source", "ZADD z1 1 a\nWATCH z1\nZRANGESTORE d z1 0 -1\n" + exec);
        CASES.put("COPY's source", "SET a 1\nWATCH a\nCOPY a b\n" + exec);
        CASES.put("COPY's destination", "SET a 1\nWATCH b\nCOPY a b\n" + exec);
        CASES.put("RENAME's destination", "SET a 1\nWATCH b\nRENAME a b\n" + exec);
        CASES.put("RENAMENX onto an existing key", "SET a 1\nSET b 1\nWATCH a\nRENAMENX a b\n" + exec);
        CASES.put("SMOVE's destination", "SADD s1 a\nWATCH s2\nSMOVE s1 s2 a\n" + exec);
        CASES.put("LMOVE's destination", "RPUSH l1 a\nWATCH l2\nLMOVE l1 l2 LEFT LEFT\n" + exec);
        CASES.put("LMPOP's other key", "RPUSH l1 a\nWATCH l2\nLMPOP 2 l1 l2 LEFT\n" + exec);
        CASES.put("BLMPOP's other key", "RPUSH l1 a\nWATCH l2\nBLMPOP 0 2 l1 l2 LEFT\n" + exec);
        CASES.put("BZMPOP's other key", "ZADD z1 1 a\nWATCH z2\nBZMPOP 0 2 z1 z2 MIN\n" + exec);
        CASES.put("LMPOP's popped key", "RPUSH l2 a\nWATCH l2\nLMPOP 2 l1 l2 LEFT\n" + exec);
        CASES.put("MOVE's key in the other database", "SET k 1\nSELECT 1\nWATCH k\nSELECT 0\nMOVE k 1\n" + exec);
        CASES.put("ZMPOP's other key", "ZADD z1 1 a\nWATCH z2\nZMPOP 2 z1 z2 MIN\n" + exec);
        CASES.put("ZMPOP's popped key", "ZADD z2 1 a\nWATCH z2\nZMPOP 2 z1 z2 MAX\n" + exec);
        CASES.put("ZMPOP of nothing", "WATCH z1\nZMPOP 2 z1 z2 MIN\n" + exec);
        CASES.put("SMOVE of a missing member", "SADD s1 a\nSADD s2 b\nWATCH s2\nSMOVE s1 s2 x\n" + exec);
        CASES.put("SMOVE from a missing set", "SADD s2 b\nWATCH s2\nSMOVE s1 s2 b\n" + exec);
        CASES.put("SINTERSTORE of nothing into a missing key", "SADD s1 a\nWATCH d\nSINTERSTORE d s1 s2\n" + exec);
        CASES.put("SUNIONSTORE of nothing into a missing key", "WATCH d\nSUNIONSTORE d s1 s2\n" + exec);
        CASES.put("ZUNIONSTORE of nothing into a missing key", "WATCH d\nZUNIONSTORE d 2 z1 z2\n" + exec);
        CASES.put("ZRANGESTORE of nothing into a missing key", "WATCH d\nZRANGESTORE d z1 0 -1\n" + exec);
        CASES.put("MOVE onto an existing key", "SET k 1\nSELECT 1\nSET k 2\nWATCH k\nSELECT 0\nMOVE k 1\n" + exec);
    }

    @Override
    Map<String, String> scripts() {
        return CASES;
    }
}
