package io.wharf.ws.chat;

import io.wharf.chat.domain.ChatEvent;
import io.wharf.ws.Frame;

import java.util.function.Function;

/**
 * The frame of the last event, kept for the next socket: the hub hands one event to every member of a room in
 * turn, so a message to a room of thousands is encoded once and the same frame bytes go to all of them.
 *
 * <p>Threading: the chat's hub thread only (one per listener's {@link WebChat}).
 */
final class EncodeOnce implements Function<ChatEvent, Frame> {

    private ChatEvent last;
    private Frame frame;

    @Override
    public Frame apply(ChatEvent event) {
        if (event != last) {
            frame = Frame.text(ChatJson.encode(event));
            last = event;
        }
        return frame;
    }
}
