package io.wharf.kv;

import io.wharf.core.testing.RecordingConnection;
import io.wharf.kv.command.KvState;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The handler over a fake connection: replies, closing rules, authentication, back-pressure. */
class KvHandlerTest {

    private final KvState state = new KvState(KvSettings.DEFAULTS);
    private final RecordingConnection connection = new RecordingConnection();
    private final KvHandler handler = new KvHandler(state);

    KvHandlerTest() {
        handler.onOpen(connection);
    }

    private ByteBuffer send(String input) {
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1));
        handler.onData(connection, in);
        return in;
    }

    @Test
    void answersPipelinedCommandsInOrder() {
        send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nGET k\r\nINCR k\r\nPING\r\n");
        assertThat(connection.output()).isEqualTo(
                "+OK\r\n$1\r\nv\r\n-ERR value is not an integer or out of range\r\n+PONG\r\n");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void quitRepliesThenClosesAndIgnoresTheRest() {
        send("PING\r\nQUIT\r\nPING\r\n");
        assertThat(connection.output()).isEqualTo("+PONG\r\n+OK\r\n");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aProtocolErrorIsAnsweredAndCloses() {
        send("PING\r\n*1\r\n$x\r\n");
        assertThat(connection.output()).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void commandErrorsKeepTheConnectionOpen() {
        send("NOSUCH a\r\nGET\r\n");
        assertThat(connection.output()).isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n"
                + "-ERR wrong number of arguments for 'get' command\r\n");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void requirepassHoldsEverythingButAuthAndHello() {
        KvHandler locked = new KvHandler(new KvState(KvSettings.DEFAULTS.withRequirepass("s3cret")));
        RecordingConnection c = new RecordingConnection();
        locked.onOpen(c);
        locked.onData(c, ByteBuffer.wrap("GET k\r\nAUTH nope\r\nHELLO 3\r\nAUTH s3cret\r\nGET k\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.output()).startsWith("-NOAUTH Authentication required.\r\n"
                + "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "-NOAUTH HELLO must be called with the client already authenticated")
                .endsWith("+OK\r\n$-1\r\n");
    }

    @Test
    void stopsReadingWhileUnwritableAndResumesWhereItStopped() {
        connection.unwritableAbove(KvHandler.FLUSH_AT);
        String value = "x".repeat(1000);
        send("SET k " + value + "\r\n");
        String get = "GET k\r\n";
        ByteBuffer in = send(get.repeat(100));
        // the replies of about FLUSH_AT bytes made it unwritable: the rest is left, unread
        assertThat(connection.writable()).isFalse();
        assertThat(in.remaining()).isGreaterThan(0).isLessThan(get.length() * 100);
        int answered = (get.length() * 100 - in.remaining()) / get.length();
        String reply = "$1000\r\n" + value + "\r\n";
        assertThat(connection.output()).isEqualTo("+OK\r\n" + reply.repeat(answered));
        connection.drained();
        handler.onWritabilityChanged(connection, true);
        while (in.hasRemaining()) {
            handler.onData(connection, in);
            connection.drained();
        }
        assertThat(connection.output()).isEqualTo("+OK\r\n" + reply.repeat(100));
    }

    @Test
    void selectIsPerConnectionAndTheKeySpaceIsShared() {
        RecordingConnection other = new RecordingConnection();
        KvHandler second = new KvHandler(state);
        second.onOpen(other);
        send("SELECT 3\r\nSET k three\r\n");
        second.onData(other, ByteBuffer.wrap("GET k\r\nSELECT 3\r\nGET k\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(other.output()).isEqualTo("$-1\r\n+OK\r\n$5\r\nthree\r\n");
    }

    @Test
    void commandAloneListsEveryCommandAsCommandInfoDoes() {
        send("COMMAND COUNT\r\nCOMMAND\r\nCOMMAND INFO get nosuch\r\n");
        String out = connection.output();
        int count = Integer.parseInt(out.substring(1, out.indexOf('\r')));
        assertThat(count).isPositive();
        // COMMAND: one 10-element entry per command; COMMAND INFO: get's entry, then a null for nosuch
        assertThat(out).contains("\r\n*" + count + "\r\n*10\r\n")
                .contains("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+").endsWith("*-1\r\n");
    }

    @Test
    void aDrainClosesEveryOpenClient() {
        KvService service = new KvService(KvSettings.DEFAULTS);
        try {
            RecordingConnection a = new RecordingConnection();
            RecordingConnection b = new RecordingConnection();
            io.wharf.core.spi.Handler ha = service.handlers().newHandler();
            io.wharf.core.spi.Handler hb = service.handlers().newHandler();
            ha.onOpen(a);
            hb.onOpen(b);
            hb.onClose(b);
            service.draining();
            assertThat(a.closed()).isTrue();
            assertThat(service.state().connectedClients()).isEqualTo(1);
        } finally {
            service.shutdown();
        }
    }

    @Test
    void infoCountsClientsAndKeys() {
        send("SET a 1\r\nINFO keyspace\r\nINFO clients\r\n");
        assertThat(connection.output()).contains("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n")
                .contains("connected_clients:1\r\n");
        handler.onClose(connection);
        assertThat(state.connectedClients()).isZero();
    }

    @Test
    void inputKeptWhileBlockedRunsAfterThePopWhereverItWasSplit() {
        String pipeline = "PING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nINCR n\r\n";
        for (int cut = 0; cut <= pipeline.length(); cut++) {
            KvState shared = new KvState(KvSettings.DEFAULTS);
            RecordingConnection blocked = new RecordingConnection();
            KvHandler client = new KvHandler(shared);
            client.onOpen(blocked);
            client.onData(blocked, ByteBuffer.wrap("BLPOP q 0\r\n".getBytes(StandardCharsets.US_ASCII)));
            // the rest comes in two reads while blocked, cut anywhere; reading is never paused for it
            client.onData(blocked, ByteBuffer.wrap(pipeline.substring(0, cut).getBytes(StandardCharsets.US_ASCII)));
            client.onData(blocked, ByteBuffer.wrap(pipeline.substring(cut).getBytes(StandardCharsets.US_ASCII)));
            assertThat(blocked.paused()).isFalse();
            assertThat(blocked.output()).as("nothing kept runs while blocked").isEmpty();
            RecordingConnection other = new RecordingConnection();
            KvHandler pusher = new KvHandler(shared);
            pusher.onOpen(other);
            pusher.onData(other, ByteBuffer.wrap("RPUSH q x\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(blocked.runTasks()).as("the serving thread hands the kept input back").isEqualTo(1);
            assertThat(blocked.output()).as("cut at " + cut)
                    .isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nx\r\n+PONG\r\n$-1\r\n:1\r\n");
        }
    }

    @Test
    void aBlockedClientWhoseInputEndsLeavesItsQueueUnserved() {
        send("BLPOP q 0\r\nPING\r\n");
        handler.onInputEnded(connection);
        RecordingConnection other = new RecordingConnection();
        KvHandler pusher = new KvHandler(state);
        pusher.onOpen(other);
        pusher.onData(other, ByteBuffer.wrap("RPUSH q x\r\nLLEN q\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(other.output()).isEqualTo(":1\r\n:1\r\n");
        assertThat(connection.runTasks()).isZero();
        assertThat(connection.output()).isEmpty();
        assertThat(connection.closed()).isTrue();
    }
}
