package io.wharf.core.model.process;

import io.wharf.core.spi.CloseReason;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a {@code process} child tells its parent the protocol's counters ({@code http.requests}, ...) once its
 * connection has ended, after the handler's {@code onClose}, so a request counted as the connection closes is
 * in: one stderr line {@code wharf-child-counters <name=value ...>} ({@link StatsLine#counters(Map)}), which the
 * parent adds to the listener's {@link ProtocolTotals}, after a line {@code wharf-child-closed REASON} with why
 * the connection ended (the parent counts the close under it: only the child saw a handed-over socket's end). The
 * counters say what each grew by from the child's ready line on, so a spare's warm-up (a rehearsal, which protocols do not count anyway) adds nothing. It goes
 * whichever side closed the connection; a child that dies before (a crash, a kill) sends nothing, and its
 * counts are lost.
 *
 * <p>Closing a handed-over socket points the child's stdin, stdout and stderr at {@code /dev/null} (the JDK's
 * inherited channel detaches them as it closes), so a child that receives sockets writes the line on a second
 * descriptor of the same pipe, opened beforehand through {@code /proc/self/fd/2} (Linux, the one system where
 * sockets are handed over).
 *
 * <p>Threading: the child's main thread.
 */
final class ChildReport {

    /** Prefix of the line, as the parent's stderr pump looks for it. */
    static final String PREFIX = "wharf-child-counters ";
    /** Prefix of the line before it that says why the connection ended ({@link CloseReason#name()}). */
    static final String CLOSED = "wharf-child-closed ";

    private final PrintStream out;

    private ChildReport(PrintStream out) {
        this.out = out;
    }

    /** @param socket the parent hands this child its client's socket */
    static ChildReport open(PrintStream err, boolean socket) {
        if (!socket) {
            return new ChildReport(err);
        }
        try {
            return new ChildReport(new PrintStream(new FileOutputStream("/proc/self/fd/2"), true,
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new ChildReport(err); // the counts of a connection whose socket was handed over are lost
        }
    }

    void send(CloseReason why, Map<String, Long> counters) {
        out.println(CLOSED + why.name());
        out.println(PREFIX + StatsLine.counters(counters));
        out.flush();
    }
}
