package io.wharf.kv.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Lazy and active expiry. */
class KeyspaceTest {

    private static byte[] k(int i) {
        return ("k" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLookupDeletesAnExpiredKeyButNotOneExpiringThisMillisecond() {
        Keyspace ks = new Keyspace(1);
        Db db = ks.db(0);
        Entry e = db.set(k(1), new byte[0], false);
        db.expireAt(k(1), e, 1000);
        assertThat(db.lookup(k(1), 1000)).isNotNull();
        assertThat(db.lookup(k(1), 1001)).isNull();
        assertThat(db.size()).isZero();
        assertThat(db.volatileKeys()).isZero();
        assertThat(ks.expiredKeys()).isEqualTo(1);
    }

    @Test
    void theActiveCycleRemovesExpiredKeysWithoutBeingAsked() {
        Keyspace ks = new Keyspace(2);
        Db db = ks.db(1);
        long past = System.currentTimeMillis() - 1;
        for (int i = 0; i < 1000; i++) {
            Entry e = db.set(k(i), new byte[0], false);
            db.expireAt(k(i), e, i < 900 ? past : Long.MAX_VALUE);
        }
        for (int i = 1000; i < 1100; i++) {
            db.set(k(i), new byte[0], false);
        }
        for (int round = 0; round < 200 && db.size() > 200; round++) {
            ks.activeExpireCycle(Keyspace.budgetNanos(10));
        }
        // every expired key is gone; the 100 with a future TTL and the 100 without one stay
        assertThat(db.size()).isEqualTo(200);
        assertThat(db.volatileKeys()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void renameKeepsTheTtlAndPersistClearsIt() {
        Db db = new Keyspace(1).db(0);
        Entry e = db.set(k(1), new byte[0], false);
        db.expireAt(k(1), e, Long.MAX_VALUE);
        db.rename(k(1), k(2));
        assertThat(db.lookup(k(2), 0).expireAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(db.volatileKeys()).isEqualTo(1);
        assertThat(db.persist(k(2), db.lookup(k(2), 0))).isTrue();
        assertThat(db.volatileKeys()).isZero();
    }
}
