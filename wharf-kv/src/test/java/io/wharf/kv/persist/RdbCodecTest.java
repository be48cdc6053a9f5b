package io.wharf.kv.persist;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CRC-64 against Redis's check value, LZF round trips, and the manifest's format. */
class RdbCodecTest {

    @Test
    void crc64IsRedisJonesVariant() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.update(0, b, 0, b.length)).isEqualTo(0xe9c6d914c4b8d9caL);
        // in pieces, as the writer feeds it
        long crc = 0;
        for (int i = 0; i < b.length; i++) {
            crc = Crc64.update(crc, b, i, 1);
        }
        assertThat(crc).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void lzfRoundTripsWhatItCompresses() {
        Random r = new Random(42);
        Lzf lzf = new Lzf(); // one instance throughout: its table keeps entries from earlier inputs
        for (int n = 0; n < 3000; n += 1 + n / 3) {
            byte[] repetitive = new byte[n];
            for (int i = 0; i < n; i++) {
                repetitive[i] = (byte) "abcabcabdxyz".charAt((i * 7 + r.nextInt(2)) % 12);
            }
            byte[] z = lzf.compress(repetitive, n + 64);
            assertThat(z).as("n=%d", n).isNotNull();
            assertThat(Lzf.decompress(z, n)).isEqualTo(repetitive);
        }
        byte[] long1 = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        byte[] z = new Lzf().compress(long1, long1.length - 4);
        assertThat(z.length).isLessThan(long1.length / 50); // a match covers at most 264 bytes
        assertThat(Lzf.decompress(z, long1.length)).isEqualTo(long1);
    }

    @Test
    void lzfGivesUpOnIncompressibleInputAndRejectsBadData() {
        byte[] noise = new byte[500];
        new Random(1).nextBytes(noise);
        assertThat(new Lzf().compress(noise, noise.length - 4)).isNull();
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {(byte) 0x20, 0}, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {3, 'a'}, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theManifestIsRedisFormatAndABadLineIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        AofManifest m = AofManifest.fresh("appendonly.aof").withNewIncr();
        assertThat(m.format()).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        m.write(dir);
        assertThat(AofManifest.read(AofManifest.path(dir, "appendonly.aof"), "appendonly.aof")).isEqualTo(m);
        java.nio.file.Path bad = dir.resolve("bad.manifest");
        java.nio.file.Files.writeString(bad, "file a seq 1 type b\nfile b seq x type i\n");
        assertThatThrownBy(() -> AofManifest.read(bad, "appendonly.aof")).isInstanceOf(PersistenceException.class)
                .hasMessage(bad + ":2: invalid AOF manifest line 'file b seq x type i'");
    }
}
