package io.wharf.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.load.LoadCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading scenario files: the shipped examples, and one clear file:line:key error for each kind of mistake. */
class ScenarioReaderTest {

    private static final String STAGES = "stages:\n  - duration: 1s\n    rate: 100\n";

    @TempDir
    Path dir;

    private Scenario parse(String yaml) throws ScenarioException {
        return ScenarioReader.parse(yaml, "s.yaml", dir);
    }

    private void fails(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ScenarioException.class).hasMessage(message);
    }

    @Test
    void everyShippedExampleParses() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("../conf/scenarios"))) {
            examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).extracting(p -> p.getFileName().toString())
                .contains("chat.yaml", "echo.yaml", "echo-raw.yaml", "http.yaml", "ws.yaml", "ws-chat.yaml");
        for (Path p : examples) {
            Scenario s = ScenarioReader.read(p);
            assertThat(s.curve().stages()).as(p.toString()).isNotEmpty();
            assertThat(s.thresholds()).as(p.toString()).isNotEmpty();
        }
        Scenario http = ScenarioReader.read(Path.of("../conf/scenarios/http.yaml"));
        assertThat(http.curve().mode()).isEqualTo(LoadCurve.Mode.RATE);
        assertThat(http.curve().stages()).extracting(LoadCurve.Stage::name)
                .containsExactly("ramp-up", "steady", "spike", "ramp-down");
        assertThat(http.curve().stages().get(2).from()).isEqualTo(2000); // a stage ramps from where the last ended
        assertThat(http.thresholds()).extracting(Threshold::stage).containsExactly(null, null, "steady", "steady");
    }

    @Test
    void targetTlsTakesTheTlsPortsAndItsSettingsAreChecked() throws Exception {
        Scenario https = parse("target: {protocol: http, tls: true, insecure: true}\n" + STAGES);
        assertThat(https.tls().on()).isTrue();
        assertThat(https.tls().insecure()).isTrue();
        assertThat(https.port()).isEqualTo(8443);
        assertThat(https.summary()).contains("http 127.0.0.1:8443 over TLS (insecure)");
        assertThat(parse("target: {protocol: chat, tls: true, insecure: true}\n" + STAGES).port()).isEqualTo(6697);
        assertThat(parse("target: {protocol: echo, tls: true, sni: localhost}\n" + STAGES).port()).isEqualTo(7007);
        assertThat(parse("target: {protocol: http}\n" + STAGES).tls().on()).isFalse();

        fails("target: {protocol: http, sni: localhost}\n" + STAGES,
                "s.yaml:1: target.sni: sni is a TLS setting: add tls: true");
        fails("target: {protocol: http, tls: true, ca: none.pem}\n" + STAGES,
                "s.yaml:1: target.ca: cannot read " + dir.resolve("none.pem") + ": no such file");
        fails("target: {protocol: http, tls: true, insecure: true, ca: none.pem}\n" + STAGES,
                "s.yaml:1: target.ca: insecure: true trusts any certificate; give ca or insecure, not both");
        fails("target: {protocol: http, tls: true, sni: 'not a name!'}\n" + STAGES,
                "s.yaml:1: target.sni: 'not a name!' is not a host name");
    }

    @Test
    void theSmallestScenarioTakesTheDefaults() throws Exception {
        Scenario s = parse("target:\n  protocol: echo\n" + STAGES);
        assertThat(s.port()).isEqualTo(7007);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.connections()).isEqualTo(100);
        assertThat(s.name()).isEqualTo("s");
        assertThat(s.curve().stages().get(0).from()).isEqualTo(100); // no 'from': flat
    }

    @Test
    void anUnknownKeyNamesItsLineAndTheClosestKey() {
        fails("target:\n  protocol: echo\nstagse: []\n", "s.yaml:3: stagse: unknown key (did you mean 'stages'?)");
        fails("target:\n  protocol: echo\n  prot: 1\n" + STAGES,
                "s.yaml:3: target.prot: unknown key (did you mean 'port'?)");
        fails("target:\n  protocol: echo\nstages:\n  - duration: 1s\n    rat: 5\n",
                "s.yaml:5: stages[1].rat: unknown key (did you mean 'rate'?)");
        fails("target:\n  protocol: htp\n" + STAGES,
                "s.yaml:2: target.protocol: unknown protocol 'htp' (did you mean 'http'?): one of chat, echo, echo-raw, "
                        + "http, ws, ws-chat");
    }

    @Test
    void aWrongTypeOrAMissingKeyIsNamed() {
        fails("target:\n  protocol: echo\n  port: seven\n" + STAGES,
                "s.yaml:3: target.port: expected a whole number, found 'seven'");
        fails("target:\n  protocol: echo\n  port: 70000\n" + STAGES,
                "s.yaml:3: target.port: must be 1-65535, not 70000");
        fails("target:\n  protocol: echo\n", "s.yaml:1: stages: missing: required");
        fails("target:\n  protocol: echo\nstages:\n  - duration: 10\n    rate: 5\n",
                "s.yaml:4: stages[1].duration: expected a duration such as 500ms, 10s or 2m, found '10'");
        fails("target:\n  protocol: echo\nstages:\n  - rate: 5\n", "s.yaml:4: stages[1].duration: missing: how long, e.g. 30s");
        fails("target:\n  protocol: echo\nstages: 3\n",
                "s.yaml:3: stages: expected a list (lines starting with '- '), found a number");
        fails("target:\n  protocol: echo\n  keepalive: maybe\n" + STAGES,
                "s.yaml:3: target.keepalive: expected true or false, found 'maybe'");
    }

    @Test
    void stagesAreAllOfConnectionsOrAllOfRate() {
        fails("target: {protocol: echo}\nstages:\n  - duration: 1s\n", "s.yaml:3: stages[1].connections: missing: "
                + "give connections (closed loop) or rate (requests/s in total, open loop)");
        fails("target: {protocol: echo}\nstages:\n  - {duration: 1s, rate: 5}\n  - {duration: 1s, connections: 5}\n",
                "s.yaml:4: stages[2].connections: every stage gives rate as the first does: one run is either closed "
                        + "loop or open loop");
        fails("target: {protocol: echo}\nload: {think: 5ms}\n" + STAGES, "s.yaml:2: load.think: think time is for "
                + "stages of connections (closed loop); under a rate the timetable decides when each request goes");
        fails("target: {protocol: echo}\nstages:\n  - {duration: 1s, rate: 0}\n",
                "s.yaml:3: stages[1].rate: every stage is at 0: nothing would be sent");
    }

    @Test
    void variablesMustBeDefinedAndTheirFilesRight() throws IOException {
        String http = "target: {protocol: http}\n" + STAGES + "requests:\n  - path: /u/${user}\n";
        fails(http, "s.yaml:6: requests[1].path: unknown variable ${user}: the scenario defines none");
        Files.writeString(dir.resolve("u.csv"), "id,name\n1,ada\n");
        fails(http + "variables:\n  user: {csv: u.csv, column: nick}\n",
                "s.yaml:8: variables.user.csv: " + dir.resolve("u.csv") + ":1: no column 'nick' (columns: id, name)");
        fails("target: {protocol: http}\n" + STAGES + "variables:\n  n: {from: 5, to: 1}\n",
                "s.yaml:6: variables.n.to: must be at least from (5), not 1");
    }

    @Test
    void httpRequestsAreChecked() {
        fails("target: {protocol: http}\n" + STAGES + "requests:\n  - method: TRACE\n",
                "s.yaml:6: requests[1].method: 'TRACE' is not one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        fails("target: {protocol: http}\n" + STAGES + "requests:\n  - path: nope\n",
                "s.yaml:6: requests[1].path: must start with / and hold no spaces or control characters: nope");
        fails("target: {protocol: http}\n" + STAGES + "requests:\n  - headers: {Content-Length: 5}\n",
                "s.yaml:6: requests[1].headers.Content-Length: set by the load generator (from the body and "
                        + "target.keepalive)");
        fails("target: {protocol: echo}\n" + STAGES + "requests:\n  - {size: 64, weight: 0}\n",
                "s.yaml:6: requests[1].weight: must be more than 0");
        fails("target: {protocol: echo}\n" + STAGES + "requests:\n  - {path: /}\n",
                "s.yaml:6: requests[1].path: unknown key: expected one of size, weight");
    }

    @Test
    void thresholdsAreParsedWhereTheyAreWritten() throws Exception {
        String base = "target: {protocol: echo}\nstages:\n  - {name: warm, duration: 1s, rate: 5}\n";
        Scenario s = parse(base + "thresholds:\n  - p99 < 5ms\n  - stage: warm\n    check: [errors == 0]\n");
        assertThat(s.thresholds()).extracting(Threshold::text).containsExactly("p99 < 5ms", "errors == 0");
        fails(base + "thresholds:\n  - p99 < 5ms\n  - p99 less than 5ms\n", "s.yaml:6: thresholds: 'p99 less than "
                + "5ms' is not a threshold: write METRIC OP VALUE, e.g. p99 < 20ms, max < 1s, errors < 0.1%, rate >= "
                + "9000/s (metrics: p50, p90, p99, p99.9, max, errors, rate)");
        fails(base + "thresholds:\n  - stage: hot\n    check: [p99 < 5ms]\n",
                "s.yaml:5: thresholds[1].stage: no stage is named 'hot' (stages: warm)");
    }

    @Test
    void chatTakesClientsRoomsAMessageSizeAndStagesOfRate() throws Exception {
        Scenario s = parse("target: {protocol: chat, rooms: 4}\nload: {connections: 40}\n" + STAGES
                + "requests:\n  - size: 100\n");
        assertThat(s.port()).isEqualTo(6667);
        assertThat(s.driver()).isEqualTo(new Scenario.Chat(4, 100));
        assertThat(s.connections()).isEqualTo(40);
        fails("target: {protocol: chat}\nstages:\n  - {duration: 1s, connections: 5}\n",
                "s.yaml:3: stages[1].connections: chat stages give rate (messages/s from all clients together); "
                        + "load.connections is the clients");
        fails("target: {protocol: chat, rooms: 50}\nload: {connections: 10}\n" + STAGES,
                "s.yaml:1: target.rooms: must be 1-10, not 50");
        fails("target: {protocol: chat}\n" + STAGES + "requests:\n  - size: 10\n  - size: 20\n",
                "s.yaml:7: requests[2].size: chat sends one message size: give one request");
        fails("target: {protocol: chat, keepalive: false}\n" + STAGES,
                "s.yaml:1: target.keepalive: chat clients stay connected; keepalive is for request/reply targets");
        fails("target: {protocol: echo, rooms: 3}\n" + STAGES, "s.yaml:1: target.rooms: rooms are chat's (protocol: "
                + "chat or ws-chat)");
    }

    @Test
    void theWebSocketTargetsTakeAPathAndHttpsPorts() throws Exception {
        Scenario echo = parse("target: {protocol: ws}\n" + STAGES + "requests:\n  - size: 128\n");
        assertThat(echo.port()).isEqualTo(8080);
        assertThat(echo.driver()).isInstanceOf(Scenario.Requests.class);
        assertThat(parse("target: {protocol: ws, tls: true, insecure: true}\n" + STAGES).port()).isEqualTo(8443);
        Scenario chat = parse("target: {protocol: ws-chat, rooms: 2, path: /talk}\nload: {connections: 10}\n"
                + STAGES);
        assertThat(chat.port()).isEqualTo(8080);
        assertThat(chat.driver()).isEqualTo(new Scenario.Chat(2, 64, "/talk"));
        assertThat(chat.summary()).contains("ws-chat 127.0.0.1:8080/talk");
        assertThat(ScenarioRun.chatSpec(chat, (Scenario.Chat) chat.driver()).wsPath()).isEqualTo("/talk");
        assertThat(((Scenario.Chat) parse("target: {protocol: ws-chat}\n" + STAGES).driver()).wsPath())
                .isEqualTo("/chat");
        fails("target: {protocol: ws, path: echo}\n" + STAGES,
                "s.yaml:1: target.path: must start with / and hold no spaces or control characters: echo");
        fails("target: {protocol: http, path: /x}\n" + STAGES,
                "s.yaml:1: target.path: path is the WebSocket's (protocol: ws or ws-chat); http paths go in requests");
        fails("target: {protocol: ws}\n" + STAGES + "requests:\n  - size: 0\n",
                "s.yaml:6: requests[1].size: must be 1-1048576, not 0");
        fails("target: {protocol: ws}\n" + STAGES + "requests:\n  - path: /echo\n",
                "s.yaml:6: requests[1].path: unknown key: expected one of size, weight");
        fails("target: {protocol: ws-chat, keepalive: false}\n" + STAGES,
                "s.yaml:1: target.keepalive: chat clients stay connected; keepalive is for request/reply targets");
        fails("target: {protocol: ws-chat}\nstages:\n  - {duration: 1s, connections: 5}\n",
                "s.yaml:3: stages[1].connections: chat stages give rate (messages/s from all clients together); "
                        + "load.connections is the clients");
    }

    @Test
    void badYamlAndRepeatedKeysSayWhere() {
        assertThatThrownBy(() -> parse("target:\n  protocol: echo\n  port: [1\n"))
                .hasMessageStartingWith("s.yaml:").hasMessageContaining("not valid YAML");
        fails("target: {protocol: echo}\ntarget: {protocol: http}\n" + STAGES,
                "s.yaml:2: target: given twice (first on line 1)");
        fails("", "s.yaml:1: the file is empty: a scenario needs at least 'target' and 'stages'");
    }
}
