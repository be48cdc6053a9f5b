package io.wharf.kv.persist;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an AOF command file as Redis's {@code loadSingleAppendOnlyFile} does: a sequence of RESP multibulks,
 * nothing else. A {@code MULTI} ... {@code EXEC} block is handed over whole at its {@code EXEC}, so a
 * transaction cut by a crash is not half applied.
 *
 * <p>The end: a file that stops inside a command (or inside a transaction) was cut by a crash. If it is the
 * last file and {@code aof-load-truncated} is on, what is whole is loaded, the file is cut back to the end of
 * the last whole command (so appends continue from there) and a warning says how many bytes were dropped;
 * otherwise loading fails. Anything else that is not a well-formed multibulk is corruption: loading fails
 * with the file and the byte offset.
 *
 * <p>Threading: one load at a time, at start-up.
 */
final class AofReader {

    private static final Logger LOG = LoggerFactory.getLogger(AofReader.class);

    /** Thrown at the end of input inside a command. */
    private static final class Truncated extends Exception {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private final Path file;
    private final InputStream in;
    private long position;

    private AofReader(Path file, InputStream in, long start) {
        this.file = file;
        this.in = in;
        this.position = start;
    }

    /**
     * Replays {@code file} from byte {@code start} (past an RDB preamble) through {@code exec}, one list per
     * command (a transaction: its commands, without MULTI and EXEC). Returns the commands replayed.
     */
    static long replay(Path file, long start, boolean last, boolean loadTruncated, Consumer<List<byte[]>> exec) {
        long commands = 0;
        long whole = start;
        List<List<byte[]>> transaction = null;
        String truncatedAt;
        try (InputStream raw = Files.newInputStream(file)) {
            raw.skipNBytes(start);
            AofReader r = new AofReader(file, new BufferedInputStream(raw, 1 << 16), start);
            for (;;) {
                List<byte[]> argv;
                try {
                    argv = r.command();
                } catch (Truncated t) {
                    truncatedAt = null;
                    break;
                }
                if (argv == null) {
                    if (transaction == null) {
                        return commands;
                    }
                    truncatedAt = "inside a MULTI block";
                    break;
                }
                if (is(argv, "multi")) {
                    transaction = new ArrayList<>();
                } else if (is(argv, "exec") && transaction != null) {
                    transaction.forEach(exec);
                    commands += transaction.size();
                    transaction = null;
                    whole = r.position;
                } else if (transaction != null) {
                    transaction.add(argv);
                } else {
                    exec.accept(argv);
                    commands++;
                    whole = r.position;
                }
            }
        } catch (IOException e) {
            throw new PersistenceException(file + ": cannot read the AOF: " + e.getMessage());
        }
        long size = size(file);
        if (!last || !loadTruncated) {
            throw new PersistenceException(file + ": the AOF ends inside a command at byte " + size
                    + " (the last whole command ends at byte " + whole + "); set aof_load_truncated = yes to load"
                    + " what is whole, or cut it there: truncate -s " + whole + " " + file);
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(whole);
            c.force(true);
        } catch (IOException e) {
            throw new PersistenceException(file + ": cannot cut the truncated AOF back to byte " + whole + ": "
                    + e.getMessage());
        }
        LOG.warn("{}: the AOF was cut short (by a crash?){}: loaded {} commands up to byte {}, dropped the last {}"
                        + " bytes (aof_load_truncated = yes)", file, truncatedAt == null ? "" : " " + truncatedAt,
                commands, whole, size - whole);
        return commands;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean is(List<byte[]> argv, String name) {
        return argv.size() == 1 && new String(argv.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equalsIgnoreCase(name);
    }

    /** The next command, or null at a clean end of file. */
    private List<byte[]> command() throws IOException, Truncated {
        long at = position;
        int b = read();
        if (b < 0) {
            return null;
        }
        if (b != '*') {
            throw corrupt(at, "expected '*' starting a command, found " + describe(b));
        }
        long argc = number(at);
        if (argc < 1 || argc > Integer.MAX_VALUE) {
            throw corrupt(at, "invalid argument count " + argc);
        }
        List<byte[]> argv = new ArrayList<>((int) Math.min(argc, 1024));
        for (long i = 0; i < argc; i++) {
            long argAt = position;
            int d = read();
            if (d < 0) {
                throw new Truncated();
            }
            if (d != '$') {
                throw corrupt(argAt, "expected '$' starting an argument, found " + describe(d));
            }
            long len = number(argAt);
            if (len < 0 || len > Integer.MAX_VALUE - 16) {
                throw corrupt(argAt, "invalid argument length " + len);
            }
            byte[] arg = in.readNBytes((int) len);
            position += arg.length;
            if (arg.length < len) {
                throw new Truncated();
            }
            expect('\r');
            expect('\n');
            argv.add(arg);
        }
        return argv;
    }

    /** Digits up to CRLF. */
    private long number(long headerAt) throws IOException, Truncated {
        long v = 0;
        boolean negative = false;
        int digits = 0;
        for (;;) {
            int b = read();
            if (b < 0) {
                throw new Truncated();
            }
            if (b == '\r') {
                expect('\n');
                if (digits == 0) {
                    throw corrupt(headerAt, "a header without a number");
                }
                return negative ? -v : v;
            }
            if (b == '-' && digits == 0 && !negative) {
                negative = true;
            } else if (b >= '0' && b <= '9' && digits < 18) {
                v = v * 10 + (b - '0');
                digits++;
            } else {
                throw corrupt(position - 1, "expected a digit, found " + describe(b));
            }
        }
    }

    private void expect(int want) throws IOException, Truncated {
        long at = position;
        int b = read();
        if (b < 0) {
            throw new Truncated();
        }
        if (b != want) {
            throw corrupt(at, "expected " + describe(want) + ", found " + describe(b));
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    private PersistenceException corrupt(long at, String what) {
        return new PersistenceException(file + ": corrupt AOF at byte " + at + ": " + what
                + " (make a backup, then cut it before the bad command, or repair it with redis-check-aof --fix)");
    }

    private static String describe(int b) {
        if (b == '\r') {
            return "'\\r'";
        }
        if (b == '\n') {
            return "'\\n'";
        }
        return b >= 32 && b < 127 ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }
}
