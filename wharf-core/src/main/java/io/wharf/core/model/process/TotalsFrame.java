package io.wharf.core.model.process;

import io.wharf.core.stats.ClusterStats;
import io.wharf.core.stats.StatsSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The listener's numbers over the whole server, which the parent sends a child right behind its
 * {@link Assignment}, so that the child's own stats routes (HTTP's {@code /stats} and {@code /metrics}) report
 * the whole listener as it stood when the connection was taken, as under the in-process models: a header line
 * {@code wharf-totals <length>}, then that many bytes of {@link StatsLine#totals(StatsSnapshot, Map)}. The
 * header is read byte by byte, so nothing of the client's bytes behind the frame is consumed, and the body at
 * once, so a few KiB of counters cost no system call per byte. Threading: stateless.
 */
final class TotalsFrame {

    private static final String PREFIX = "wharf-totals ";
    private static final int MAX_HEADER = 64;
    private static final int MAX_BODY = 1 << 20;

    private TotalsFrame() {
    }

    static byte[] frame(StatsSnapshot total, Map<String, Long> counters) {
        byte[] body = StatsLine.totals(total, counters).getBytes(StandardCharsets.UTF_8);
        byte[] header = (PREFIX + body.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[header.length + body.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(body, 0, frame, header.length, body.length);
        return frame;
    }

    /** The frame's totals; the counters and gauges empty, the snapshot zero, when the frame says nothing. */
    static ClusterStats read(InputStream in) throws IOException {
        String header = Assignment.readLine(in, MAX_HEADER, "totals header");
        if (header == null || !header.startsWith(PREFIX)) {
            throw new IOException("not a totals header: " + header);
        }
        int length;
        try {
            length = Integer.parseInt(header.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new IOException("bad totals header: " + header, e);
        }
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("totals of " + length + " bytes");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("control channel ended inside the totals");
        }
        return StatsLine.totals(new String(body, StandardCharsets.UTF_8));
    }
}
