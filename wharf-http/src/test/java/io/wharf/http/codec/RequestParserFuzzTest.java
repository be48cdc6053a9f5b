package io.wharf.http.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer over the parser. A plain {@code mvn verify} replays the seed corpus in
 * {@code src/test/resources/io/wharf/http/codec/RequestParserFuzzTestInputs/parse/} (valid requests, each
 * framing and each limit) plus any findings saved there; {@code JAZZER_FUZZ=1 ./mvnw -pl wharf-http test
 * -Dtest=RequestParserFuzzTest} fuzzes for real, for {@code maxDuration}, and saves what it finds there too.
 */
class RequestParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        ParserInvariants.check(data);
    }
}
