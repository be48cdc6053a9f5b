package io.wharf.kv.persist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AOF reader on a file cut at every byte, on transactions, and on corrupt input. */
class AofReaderTest {

    @TempDir
    Path dir;

    /** Units that load whole or not at all: three commands and, third, a transaction of two. */
    private static final List<String> UNITS = List.of("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n",
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nxy\r\n",
            "*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$4\r\nINCR\r\n$1\r\nm\r\n*1\r\n$4\r\nEXEC\r\n",
            "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
    private static final String COMMANDS = String.join("", UNITS);
    /** Commands replayed once each unit is whole. */
    private static final int[] COUNTS = {1, 2, 4, 5};
    private static final long[] ENDS = new long[UNITS.size()];

    static {
        long at = 0;
        for (int i = 0; i < UNITS.size(); i++) {
            at += UNITS.get(i).length();
            ENDS[i] = at;
        }
    }

    private List<String> replay(Path f, boolean truncatedOk) {
        List<String> seen = new ArrayList<>();
        AofReader.replay(f, 0, true, truncatedOk, argv -> seen.add(new String(argv.get(0), StandardCharsets.US_ASCII)
                + (argv.size() > 1 ? " " + new String(argv.get(1), StandardCharsets.US_ASCII) : "")));
        return seen;
    }

    @Test
    void aFileCutAtEveryByteLoadsTheWholeCommandsBeforeTheCutAndIsCutBackThere() throws Exception {
        byte[] all = COMMANDS.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= all.length; cut++) {
            Path f = dir.resolve("cut" + cut + ".aof");
            Files.write(f, java.util.Arrays.copyOf(all, cut));
            int units = 0;
            while (units < ENDS.length && ENDS[units] <= cut) {
                units++;
            }
            long whole = units == 0 ? 0 : ENDS[units - 1];
            List<String> seen = replay(f, true);
            assertThat(seen).as("cut at %d", cut).hasSize(units == 0 ? 0 : COUNTS[units - 1]);
            assertThat(Files.size(f)).as("cut at %d", cut).isEqualTo(whole);
            if (cut == all.length) {
                assertThat(seen).containsExactly("SELECT 0", "SET k", "INCR n", "INCR m", "DEL k");
            }
        }
    }

    @Test
    void aCutFileIsRefusedWhenTruncationIsNotAllowed() throws Exception {
        Path f = dir.resolve("a.aof");
        Files.writeString(f, COMMANDS.substring(0, (int) ENDS[1] + 5));
        assertThatThrownBy(() -> replay(f, false)).isInstanceOf(PersistenceException.class)
                .hasMessage(f + ": the AOF ends inside a command at byte " + (ENDS[1] + 5) + " (the last whole command"
                        + " ends at byte " + ENDS[1] + "); set aof_load_truncated = yes to load what is whole, or cut"
                        + " it there: truncate -s " + ENDS[1] + " " + f);
    }

    @Test
    void corruptInputNamesTheByte() throws Exception {
        Path f = dir.resolve("b.aof");
        Files.writeString(f, "*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n");
        assertThatThrownBy(() -> replay(f, true)).isInstanceOf(PersistenceException.class)
                .hasMessageStartingWith(f + ": corrupt AOF at byte 19: expected a digit, found 'x'");
        Files.writeString(f, "*1\r\n$4\r\nPINGx\r\n");
        assertThatThrownBy(() -> replay(f, true)).hasMessageStartingWith(f + ": corrupt AOF at byte 12: expected '\\r', found 'x'");
        Files.writeString(f, "*0\r\n");
        assertThatThrownBy(() -> replay(f, true)).hasMessageStartingWith(f + ": corrupt AOF at byte 0: invalid argument count 0");
    }
}
