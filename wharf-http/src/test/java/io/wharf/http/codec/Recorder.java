package io.wharf.http.codec;

import io.wharf.http.HttpHeaders;
import io.wharf.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a parser's callbacks as short strings, consecutive body chunks merged into one, so that runs fed
 * with different splits can be compared with equals. Copies body bytes during the call, as a real listener
 * must.
 */
final class Recorder implements RequestParser.Listener {

    final List<String> events = new ArrayList<>();
    final List<HttpRequest> requests = new ArrayList<>();
    /** Answer of {@link #request}: false pauses the parser. */
    boolean goOn = true;
    /** False to count body bytes without recording them, for streams too long to keep. */
    boolean keepBodies = true;
    long bodyBytes;
    /** Run at each request's end, e.g. to pause the parser from inside the callback. */
    Runnable atEnd = () -> { };

    @Override
    public boolean request(HttpRequest head) {
        requests.add(head);
        events.add(describe(head));
        return goOn;
    }

    @Override
    public void body(ByteBuffer chunk) {
        bodyBytes += chunk.remaining();
        if (!keepBodies) {
            return;
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int last = events.size() - 1;
        if (last >= 0 && events.get(last).startsWith("body: ")) {
            events.set(last, events.get(last) + text);
        } else {
            events.add("body: " + text);
        }
    }

    @Override
    public void requestEnd() {
        events.add("end");
        atEnd.run();
    }

    @Override
    public void error(HttpError error) {
        events.add("error: " + error.status() + " " + error.reason());
    }

    static String describe(HttpRequest head) {
        StringBuilder sb = new StringBuilder(head.method()).append(' ').append(head.target()).append(' ')
                .append(head.version().text()).append(" cl=").append(head.contentLength());
        if (head.chunked()) {
            sb.append(" chunked");
        }
        HttpHeaders h = head.headers();
        for (int i = 0; i < h.size(); i++) {
            sb.append(i == 0 ? " [" : "|").append(h.name(i)).append('=').append(h.value(i));
        }
        return sb.append(h.size() > 0 ? "]" : "").toString();
    }
}
