package io.wharf.kv;

import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The string commands (GET, SET and its options, the SET family, counters, ranges), as scripts run
 * against Debian's {@code redis-server} 7.0 and wharf under every model that serves kv, every reply compared
 * byte for byte, errors and wrong types included ({@link DifferentialServers}).
 */
@Timeout(120)
class KvStringsDifferentialTest extends DifferentialScripts {

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>();

    static {
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
    }

    @Override
    Map<String, String> scripts() {
        return SCRIPTS;
    }
}
