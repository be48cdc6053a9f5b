package io.wharf.http.ops;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import io.wharf.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogFormatTest {

    private static final Instant T = Instant.parse("2026-11-26T06:41:02Z");
    private final AccessLogFormat utc = new AccessLogFormat(ZoneOffset.UTC);

    private static AccessRecord rec(String user, String line, String referer, String ua) {
        return new AccessRecord("127.0.0.1", user, T, line, 200, 1234, referer, ua);
    }

    @Test
    void combinedLogFormat() {
        assertThat(utc.format(rec("alice", "GET /a.html HTTP/1.1", "http://ref/", "curl/8.0"))).isEqualTo(
                "127.0.0.1 - alice [26/Nov/2026:06:41:02 +0000] \"GET /a.html HTTP/1.1\" 200 1234 \"http://ref/\" \"curl/8.0\"");
    }

    @Test
    void missingFieldsAreDashes() {
        AccessRecord r = new AccessRecord("", "", T, "", 408, 0, "", "");
        assertThat(utc.format(r)).isEqualTo("- - - [26/Nov/2026:06:41:02 +0000] \"-\" 408 0 \"-\" \"-\"");
        AccessRecord nulls = new AccessRecord(null, null, T, null, 400, 0, null, null);
        assertThat(utc.format(nulls)).isEqualTo("- - - [26/Nov/2026:06:41:02 +0000] \"-\" 400 0 \"-\" \"-\"");
    }

    @Test
    void timeIsInTheLogsZoneWithItsOffset() {
        AccessLogFormat paris = new AccessLogFormat(ZoneId.of("Europe/Paris"));
        assertThat(paris.format(rec("", "GET / HTTP/1.1", "", ""))).contains("[26/Nov/2026:07:41:02 +0100]");
        AccessLogFormat kolkata = new AccessLogFormat(ZoneId.of("Asia/Kolkata"));
        assertThat(kolkata.format(rec("", "GET / HTTP/1.1", "", ""))).contains("[26/Nov/2026:12:11:02 +0530]");
    }

    @Test
    void cachedSecondFollowsTheClock() {
        assertThat(utc.format(rec("", "GET / HTTP/1.1", "", ""))).contains("06:41:02");
        AccessRecord later = new AccessRecord("::1", "", T.plusSeconds(61), "GET / HTTP/1.1", 200, 0, "", "");
        assertThat(utc.format(later)).startsWith("::1 - - [26/Nov/2026:06:42:03 +0000]");
    }

    @Test
    void quotesBackslashesAndControlsAreEscapedAsNginxDoes() {
        String line = utc.format(rec("al\"ice", "GET /\"x\\y\" HTTP/1.1", "a\r\nb\tc", "ua\u0000\u001b\u007f"));
        assertThat(line).isEqualTo("127.0.0.1 - al\\x22ice [26/Nov/2026:06:41:02 +0000] "
                + "\"GET /\\x22x\\x5Cy\\x22 HTTP/1.1\" 200 1234 \"a\\x0D\\x0Ab\\x09c\" \"ua\\x00\\x1B\\x7F\"");
    }

    @Test
    void highBytesAreEscapedSoTheLineIsAscii() {
        // The parser hands over one char per byte (ISO-8859-1): "é" sent as UTF-8 arrives as two chars.
        String line = utc.format(rec("", "GET /caf\u00c3\u00a9 HTTP/1.1", "", "\u00ff"));
        assertThat(line).contains("\"GET /caf\\xC3\\xA9 HTTP/1.1\"").endsWith("\"\\xFF\"");
        // A string from elsewhere, with chars above 0xFF, is escaped in UTF-8, surrogate pairs included.
        String other = utc.format(rec("", "GET /\u20ac HTTP/1.1", "", "\uD83D\uDE00"));
        assertThat(other).contains("/\\xE2\\x82\\xAC ").endsWith("\"\\xF0\\x9F\\x98\\x80\"");
        assertThat(other.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
    }

    @Test
    void recordFromARequest() {
        HttpHeaders h = new HttpHeaders().add("Host", "x").add("referer", "http://r/").add("User-Agent", "curl/8.0");
        HttpRequest req = new HttpRequest("HEAD", "/a?b=c", HttpVersion.HTTP_1_0, h, -1, false);
        AccessRecord r = AccessRecord.of("10.0.0.1", "bob", T, req, 304, 0);
        assertThat(utc.format(r)).isEqualTo(
                "10.0.0.1 - bob [26/Nov/2026:06:41:02 +0000] \"HEAD /a?b=c HTTP/1.0\" 304 0 \"http://r/\" \"curl/8.0\"");
        HttpRequest bare = new HttpRequest("GET", "/", HttpVersion.HTTP_1_1, new HttpHeaders(), -1, false);
        assertThat(utc.format(AccessRecord.of("10.0.0.1", "", T, bare, 200, 5))).endsWith("200 5 \"-\" \"-\"");
    }
}
