package io.wharf.echo;

import io.wharf.core.spi.Protocol;
import io.wharf.core.testing.RecordingConnection;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EchoProtocolTest {

    @Test
    void isFoundByTheServiceLoaderAsEcho() {
        assertThat(ServiceLoader.load(Protocol.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(p -> p.name().equals("echo"))
                .singleElement()
                .isInstanceOf(EchoProtocol.class)
                .satisfies(p -> assertThat(p.defaultPort()).isEqualTo(7007))
                .satisfies(p -> assertThat(p.configKeys()).containsExactly(EchoProtocol.MAX_LINE, EchoProtocol.RAW));
    }

    @Test
    void makesOneHandlerPerConnectionOfTheChosenKind() {
        assertThat(EchoProtocol.handlers(false, 100).newHandler()).isInstanceOf(EchoHandler.class)
                .isNotSameAs(EchoProtocol.handlers(false, 100).newHandler());
        assertThat(EchoProtocol.handlers(true, 100).newHandler()).isInstanceOf(RawEchoHandler.class);
        assertThatThrownBy(() -> EchoProtocol.handlers(false, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawEchoReturnsTheBytesExactlyAndSendsNoBanner() {
        RecordingConnection connection = new RecordingConnection();
        RawEchoHandler handler = new RawEchoHandler();
        handler.onOpen(connection);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ByteBuffer data = ByteBuffer.wrap(all, 0, 128);
        handler.onData(connection, data);
        handler.onData(connection, ByteBuffer.wrap(all, 128, 128));
        assertThat(data.hasRemaining()).as("input consumed").isFalse();
        assertThat(connection.outputBytes()).containsExactly(all);
        assertThat(connection.isOpen()).isTrue();
    }
}
