package io.wharf.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child process as /proc shows it: its pid and its state letter ({@code Z} for a zombie). Linux only. */
record ChildProcess(long pid, char state) {

    boolean zombie() {
        return state == 'Z';
    }

    static List<ChildProcess> of(long parent) {
        List<ChildProcess> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(parent), "task"))) {
            for (Path task : tasks) {
                for (String pid : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        out.add(new ChildProcess(Long.parseLong(pid), state(pid)));
                    }
                }
            }
        } catch (IOException e) {
            return out; // the parent is gone
        }
        return out;
    }

    private static char state(String pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2); // "pid (comm) S ..."
        } catch (IOException e) {
            return 'X'; // exited between the two reads
        }
    }
}
