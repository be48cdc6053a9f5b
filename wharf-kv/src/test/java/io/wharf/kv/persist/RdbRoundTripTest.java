package io.wharf.kv.persist;

import io.wharf.kv.store.Db;
import io.wharf.kv.store.HashValue;
import io.wharf.kv.store.Keyspace;
import io.wharf.kv.store.ListValue;
import io.wharf.kv.store.SetValue;
import io.wharf.kv.store.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RDB writer and reader round trip every type and expiry; a file cut at every byte fails with one clear line. */
class RdbRoundTripTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Keyspace sample() {
        Keyspace ks = new Keyspace(4);
        ks.lock().lock();
        try {
            Db db = ks.db(0);
            db.set(b("s"), b("hello"), false);
            db.set(b("n"), b("-70000"), false);
            db.set(b("long"), b("ab".repeat(40)), false);
            db.expireAt(b("s"), db.entry(b("s")), System.currentTimeMillis() + 100_000);
            ListValue l = new ListValue();
            l.addLast(b("a"));
            l.addLast(b("12"));
            db.set(b("l"), l, false);
            SetValue st = new SetValue();
            st.add(b("1"));
            st.add(b("x"));
            db.set(b("set"), st, false);
            HashValue h = new HashValue();
            h.put(b("f"), b("v"));
            ks.db(3).set(b("h"), h, false);
        } finally {
            ks.lock().unlock();
        }
        return ks;
    }

    private static byte[] rdb(Keyspace ks, boolean compress) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.lock().lock();
        try (Snapshot s = ks.snapshot()) {
            new RdbWriter(out, compress, true).write(s, System.currentTimeMillis(), 0, false);
        } finally {
            ks.lock().unlock();
        }
        return out.toByteArray();
    }

    @Test
    void everyTypeAndExpiryRoundTrips() throws Exception {
        for (boolean compress : new boolean[] {true, false}) {
            Path f = dir.resolve("rt-" + compress + ".rdb");
            Files.write(f, rdb(sample(), compress));
            Keyspace back = new Keyspace(4);
            assertThat(RdbReader.load(f, back, false, System.currentTimeMillis())).isEqualTo(6);
            Db db = back.db(0);
            assertThat(db.entry(b("s")).value()).isEqualTo(b("hello"));
            assertThat(db.entry(b("s")).expireAt()).isGreaterThan(System.currentTimeMillis());
            assertThat(db.entry(b("n")).value()).isEqualTo(b("-70000"));
            assertThat(db.entry(b("long")).value()).isEqualTo(b("ab".repeat(40)));
            ListValue l = (ListValue) db.entry(b("l")).value();
            assertThat(new String(l.get(0)) + new String(l.get(1))).isEqualTo("a12");
            assertThat(((SetValue) db.entry(b("set")).value()).size()).isEqualTo(2);
            assertThat(((HashValue) back.db(3).entry(b("h")).value()).get(b("f"))).isEqualTo(b("v"));
        }
    }

    @Test
    void aFileCutAtEveryByteFailsWithTheFileNamed() throws Exception {
        byte[] whole = rdb(sample(), true);
        for (int cut = 0; cut < whole.length; cut++) {
            Path f = dir.resolve("cut.rdb");
            Files.write(f, java.util.Arrays.copyOf(whole, cut));
            int at = cut;
            assertThatThrownBy(() -> RdbReader.load(f, new Keyspace(4), false, System.currentTimeMillis()))
                    .as("cut at %d", at).isInstanceOf(PersistenceException.class).hasMessageStartingWith(f + ": ");
        }
    }

    @Test
    void everyFlippedByteIsCaughtByTheChecksumOrTheParser() throws Exception {
        byte[] whole = rdb(sample(), true);
        for (int i = 9; i < whole.length - 8; i++) {
            byte[] bad = whole.clone();
            bad[i] ^= 0x01;
            Path f = dir.resolve("flip.rdb");
            Files.write(f, bad);
            int at = i;
            assertThatThrownBy(() -> RdbReader.load(f, new Keyspace(4), false, System.currentTimeMillis()))
                    .as("flip at %d", at).isInstanceOf(PersistenceException.class);
        }
    }
}
