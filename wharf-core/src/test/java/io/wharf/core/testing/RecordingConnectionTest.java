package io.wharf.core.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingConnectionTest {

    @TempDir
    Path dir;

    @Test
    void recordsASentFileAsWrittenAndClosesIt() throws Exception {
        FileChannel file = FileChannel.open(Files.writeString(dir.resolve("f"), "0123456789"));
        RecordingConnection c = new RecordingConnection();

        c.write("<");
        c.sendFile(file, 2, 5);
        c.write(">");

        assertThat(c.output()).isEqualTo("<23456>");
        assertThat(c.bytesOut()).isEqualTo(7);
        assertThat(file.isOpen()).isFalse();
    }

    @Test
    void closesTheFileUnsentOnceClosed() throws Exception {
        FileChannel file = FileChannel.open(Files.writeString(dir.resolve("f"), "0123456789"));
        RecordingConnection c = new RecordingConnection();
        c.close();

        c.sendFile(file, 0, 10);

        assertThat(c.outputBytes()).isEmpty();
        assertThat(file.isOpen()).isFalse();
    }

    @Test
    void abortsLikeTheRealThingWhenTheFileIsShort() throws Exception {
        FileChannel file = FileChannel.open(Files.write(dir.resolve("f"), "abc".getBytes(StandardCharsets.UTF_8)));
        RecordingConnection c = new RecordingConnection();

        c.sendFile(file, 1, 10);

        assertThat(c.output()).isEqualTo("bc");
        assertThat(c.aborted()).isTrue();
        assertThat(file.isOpen()).isFalse();
    }
}
