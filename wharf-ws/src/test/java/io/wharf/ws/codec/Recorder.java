package io.wharf.ws.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records what the assembler delivers, as readable strings: {@code text:hi}, {@code binary:0a0b}, {@code ping:}. */
final class Recorder implements MessageAssembler.Sink {

    final List<String> events = new ArrayList<>();

    @Override
    public void message(boolean text, ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        events.add(text ? "text:" + new String(b, StandardCharsets.UTF_8) : "binary:" + HexFormat.of().formatHex(b));
    }

    @Override
    public void control(int opcode, ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        String name = switch (opcode) {
            case Opcode.PING -> "ping";
            case Opcode.PONG -> "pong";
            default -> "close";
        };
        events.add(name + ":" + HexFormat.of().formatHex(b));
    }
}
