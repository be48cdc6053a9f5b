package io.wharf.core.tls;

import io.wharf.core.ServerContext;
import io.wharf.core.config.Config;
import io.wharf.core.config.ConfigException;
import io.wharf.core.layer.Layer;
import io.wharf.core.spi.HandlerFactory;
import io.wharf.core.spi.ProtocolService;
import io.wharf.core.stats.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * TLS on one listener: the {@link Layer} whose handlers terminate TLS for the protocol's ({@link TlsHandler}
 * and {@link TlsConnection}). It holds the listener's current {@link TlsContext}, swapped whole by a reload
 * (SIGHUP, or its certificate files changing, checked every {@code tls_watch}): connections accepted from then
 * on handshake with the new certificate, those already open or handshaking keep theirs, so the switch fails
 * no handshake. A new certificate that does not load is refused with one line, and the old one kept.
 *
 * <p>Threading: thread-safe; {@link #reload} is serialised, and the watch runs on one daemon thread.
 */
public final class TlsLayer implements Layer {

    private static final Logger log = LoggerFactory.getLogger("wharf.tls");

    private final String listener;
    private final List<String> alpn;
    private final Function<ByteBuffer, byte[]> plainTextReply;
    private final TlsFailures failures;
    private final AtomicReference<TlsContext> current = new AtomicReference<>();
    private final ScheduledExecutorService watch;
    private volatile Config config;
    private volatile List<FileTime> stamps;
    /** Watch thread: the change seen at the last check, reloaded once it holds still for a check. */
    private List<FileTime> changing;
    private volatile ServerContext context;

    private TlsLayer(String listener, Config config, TlsContext first, ProtocolService service) {
        this.listener = listener;
        this.config = config;
        this.alpn = service.applicationProtocols();
        this.plainTextReply = service::plainTextOnTlsReply;
        this.failures = new TlsFailures(listener);
        current.set(first);
        stamps = stamps(first.files());
        Duration every = config.get(TlsKeys.WATCH);
        if (every.isZero()) {
            watch = null;
        } else {
            watch = Executors.newSingleThreadScheduledExecutor(r ->
                    Thread.ofPlatform().daemon().name("wharf-tls-watch-" + listener).unstarted(r));
            watch.scheduleWithFixedDelay(this::checkFiles, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The layer a listener with config {@code c} needs: TLS if {@code tls = on}, else {@link Layer#NONE}.
     *
     * @param service the protocol's own service: its ALPN names and what it tells plain-text clients
     * @throws ConfigException a certificate, key or setting that is wrong, in one line naming where it was set
     */
    public static Layer of(String listener, Config c, ProtocolService service, ServerStats stats)
            throws ConfigException {
        if (!c.get(TlsKeys.TLS)) {
            return Layer.NONE;
        }
        TlsLayer layer = new TlsLayer(listener, c, TlsContext.build(c, service.applicationProtocols()), service);
        stats.publish(TlsFailures.class, layer.failures);
        log.info("{}: TLS ({}) with {} ({}){}", listener, layer.current.get().provider(), subject(layer.current.get()),
                String.join(", ", layer.current.get().files().stream().map(Path::toString).toList()),
                layer.alpn.isEmpty() ? "" : ", ALPN " + String.join(",", layer.alpn));
        return layer;
    }

    @Override
    public HandlerFactory wrap(HandlerFactory protocol, ServerContext ctx) {
        this.context = ctx;
        return () -> new TlsHandler(this, protocol.newHandler(), current.get());
    }

    @Override
    public boolean plainRefusals() {
        return false;
    }

    /**
     * SIGHUP: reads the certificates again with {@code fresh}'s settings (the listener's reloaded config). False
     * when they do not load: then the running ones stay, and the failure is logged in one line.
     */
    public synchronized boolean reload(Config fresh) {
        try {
            TlsContext next = TlsContext.build(fresh, alpn);
            current.set(next);
            config = fresh;
            stamps = stamps(next.files());
            log.info("{}: TLS certificate reloaded: {}", listener, subject(next));
            return true;
        } catch (ConfigException e) {
            log.error("{}: TLS reload refused, keeping the running certificate: {}", listener, e.getMessage());
            stamps = stamps(current.get().files()); // one line per change, not one per check
            return false;
        }
    }

    @Override
    public void reconfigure(Config fresh) {
        reload(fresh);
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.shutdownNow();
        }
    }

    public TlsContext context() {
        return current.get();
    }

    public TlsFailures failures() {
        return failures;
    }

    /** The protocol's ALPN names, preferred first; empty for none. */
    List<String> alpn() {
        return alpn;
    }

    long maxBacklog() {
        ServerContext c = context;
        return c == null ? 1 << 20 : c.limits().maxOutbox();
    }

    byte[] plainTextReply(ByteBuffer head) {
        try {
            return plainTextReply.apply(head.asReadOnlyBuffer());
        } catch (RuntimeException e) {
            log.warn("{}: the protocol's plain-text reply failed: {}", listener, e.toString());
            return null;
        }
    }

    private void checkFiles() {
        try {
            List<FileTime> now = stamps(current.get().files());
            if (Objects.equals(now, stamps)) {
                changing = null;
            } else if (now.equals(changing)) { // a cert and its key are written one after the other
                changing = null;
                log.info("{}: TLS certificate files changed: reloading", listener);
                reload(config);
            } else {
                changing = now;
            }
        } catch (RuntimeException e) {
            log.warn("{}: TLS file watch: {}", listener, e.toString());
        }
    }

    private static List<FileTime> stamps(List<Path> files) {
        List<FileTime> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(Files.getLastModifiedTime(f));
            } catch (IOException e) {
                out.add(FileTime.fromMillis(-1)); // gone: the reload that follows says so
            }
        }
        return out;
    }

    private static String subject(TlsContext c) {
        return c.certificate().getSubjectX500Principal().getName() + ", until " + c.certificate().getNotAfter()
                .toInstant();
    }
}
