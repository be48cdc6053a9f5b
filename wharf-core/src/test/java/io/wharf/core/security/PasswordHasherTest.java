package io.wharf.core.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher fast = new PasswordHasher(1000);

    @Test
    void defaultHashIsSelfDescribingPbkdf2Sha256At210000() {
        String h = new PasswordHasher().hash("s3cret".toCharArray());
        assertThat(h).matches("\\$pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify("s3cret".toCharArray(), h)).isTrue();
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = fast.hash("correct horse".toCharArray());
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), h)).isTrue();
        assertThat(PasswordHasher.verify("correct hors".toCharArray(), h)).isFalse();
        assertThat(PasswordHasher.verify("Correct horse".toCharArray(), h)).isFalse();
        assertThat(PasswordHasher.verify("correct horsf".toCharArray(), h)).isFalse();
        assertThat(PasswordHasher.verify(new char[0], h)).isFalse();
    }

    @Test
    void saltMakesEveryHashDifferent() {
        String a = fast.hash("pw".toCharArray());
        String b = fast.hash("pw".toCharArray());
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHasher.verify("pw".toCharArray(), a)).isTrue();
        assertThat(PasswordHasher.verify("pw".toCharArray(), b)).isTrue();
    }

    @Test
    void interoperatesWithOtherPbkdf2Implementations() {
        // Reference value from Python's hashlib.pbkdf2_hmac('sha256', ...), i.e. OpenSSL, not from this code.
        byte[] dk = HexFormat.of().parseHex("52e82870150c26ed2427a7626b40d418130449745669893e185a53f32ea30942");
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String encoded = "$pbkdf2-sha256$1000$"
                + b64.encodeToString("wharf-test-salt!".getBytes(StandardCharsets.US_ASCII)) + "$" + b64.encodeToString(dk);
        assertThat(PasswordHasher.wellFormed(encoded)).isTrue();
        assertThat(PasswordHasher.verify("correct horse battery staple".toCharArray(), encoded)).isTrue();
        assertThat(PasswordHasher.verify("correct horse battery stapler".toCharArray(), encoded)).isFalse();
    }

    @Test
    void malformedHashesNeverVerify() {
        String good = fast.hash("pw".toCharArray());
        String salt = good.split("\\$")[3];
        String hash = good.split("\\$")[4];
        String[] bad = {
            "", "pw", "$2y$10$abcdefghijklmnopqrstuv", "$pbkdf2-sha1$1000$" + salt + "$" + hash,
            "$pbkdf2-sha256$1000$" + salt, "$pbkdf2-sha256$1000$" + salt + "$" + hash + "$x",
            "$pbkdf2-sha256$abc$" + salt + "$" + hash, "$pbkdf2-sha256$999$" + salt + "$" + hash,
            "$pbkdf2-sha256$10000001$" + salt + "$" + hash, "$pbkdf2-sha256$01000$" + salt + "$" + hash,
            "$pbkdf2-sha256$1000$" + salt + "$" + hash + "!", "$pbkdf2-sha256$1000$$" + hash,
            "$pbkdf2-sha256$1000$" + salt + "$AAAA",
        };
        for (String b : bad) {
            assertThat(PasswordHasher.wellFormed(b)).as(b).isFalse();
            assertThat(PasswordHasher.verify("pw".toCharArray(), b)).as(b).isFalse();
        }
        assertThat(PasswordHasher.wellFormed(null)).isFalse();
    }

    @Test
    void iterationsOutsideTheSaneRangeAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(20_000_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
