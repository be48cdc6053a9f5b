package io.wharf.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import io.wharf.core.config.Config;
import io.wharf.core.config.CoreKeys;
import io.wharf.core.config.WritableFile;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from {@code [logging]}: the level, the console, and {@code log_file} when set; all
 * lines timestamped, as text or as JSON ({@code format}). Threading: {@link #apply} at start-up; {@link #level} from the reload thread is safe
 * (Logback levels are volatile).
 */
final class LogSetup {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    private LogSetup() {
    }

    static void apply(Config config) {
        apply(config, false);
    }

    /** {@code toStderr}: child processes, whose stdout is a data or report channel, log to stderr. */
    static void apply(Config config, boolean toStderr) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        if (toStderr) {
            console.setTarget("System.err");
        }
        boolean json = "json".equals(config.get(CoreKeys.LOG_FORMAT));
        console.setEncoder(encoder(ctx, json));
        console.start();
        root.addAppender(console);
        String file = config.get(CoreKeys.LOG_FILE);
        if (file != null && !file.isBlank()) {
            WritableFile.refusal(CoreKeys.LOG_FILE, file).ifPresent(why -> {
                throw new UserError(why);
            });
            FileAppender<ILoggingEvent> fa = new FileAppender<>();
            fa.setContext(ctx);
            fa.setName("file");
            fa.setFile(file);
            fa.setAppend(true);
            fa.setEncoder(encoder(ctx, json));
            fa.start();
            if (!fa.isStarted()) {
                throw new UserError("[logging] log_file: cannot write " + file);
            }
            root.addAppender(fa);
        }
        level(config.get(CoreKeys.LOG_LEVEL));
    }

    static void level(String level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
    }

    static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    /**
     * {@code text}: the pattern above; {@code json}: one object per line (logstash's field names: {@code @timestamp},
     * {@code level}, {@code thread_name}, {@code logger_name}, {@code message}, {@code stack_trace}), the MDC's
     * {@code trace_id} and {@code span_id} at the top level on lines written inside a span.
     */
    private static ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
        if (json) {
            LogstashEncoder e = new LogstashEncoder();
            e.setContext(ctx);
            e.setIncludeContext(false); // the context's name and properties say nothing per line
            e.start();
            return e;
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(PATTERN);
        e.start();
        return e;
    }
}
