package io.wharf.core.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyHeaderTest {

    private static final InetSocketAddress CLIENT4 = new InetSocketAddress("192.0.2.10", 51022);
    private static final InetSocketAddress SERVER4 = new InetSocketAddress("198.51.100.1", 80);
    private static final InetSocketAddress CLIENT6 = new InetSocketAddress("2001:db8::1", 51022);

    @Test
    void versionOneIsTheSpecsTextLine() {
        assertThat(new String(ProxyHeader.v1(CLIENT4, SERVER4), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP4 192.0.2.10 198.51.100.1 51022 80\r\n");
        assertThat(new String(ProxyHeader.v1(CLIENT6, SERVER4), StandardCharsets.US_ASCII))
                .as("mixed families: both as IPv6").isEqualTo("PROXY TCP6 2001:db8:0:0:0:0:0:1 ::ffff:198.51.100.1 51022 80\r\n");
    }

    @Test
    void versionTwoIsTheSpecsBinaryHeader() {
        byte[] h = ProxyHeader.v2(CLIENT4, SERVER4);
        assertThat(h).hasSize(28).startsWith(ProxyHeader.V2_SIGNATURE);
        assertThat(h[12]).as("version 2, PROXY").isEqualTo((byte) 0x21);
        assertThat(h[13]).as("TCP over IPv4").isEqualTo((byte) 0x11);
        assertThat(((h[14] & 0xff) << 8) | (h[15] & 0xff)).isEqualTo(12);
        assertThat(new byte[] {h[16], h[17], h[18], h[19]}).containsExactly(192, 0, 2, 10);
        assertThat(((h[24] & 0xff) << 8) | (h[25] & 0xff)).isEqualTo(51022);
        assertThat(((h[26] & 0xff) << 8) | (h[27] & 0xff)).isEqualTo(80);
        byte[] six = ProxyHeader.v2(CLIENT6, SERVER4);
        assertThat(six).hasSize(16 + 36);
        assertThat(six[13]).as("TCP over IPv6").isEqualTo((byte) 0x21);
        assertThat(six[16 + 16 + 10]).as("the IPv4 end mapped").isEqualTo((byte) 0xff);
    }
}
