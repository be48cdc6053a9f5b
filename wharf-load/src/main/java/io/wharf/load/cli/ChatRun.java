package io.wharf.load.cli;

import io.wharf.load.ChatLoad;
import io.wharf.load.ChatReport;
import io.wharf.load.ChatSpec;
import io.wharf.load.LoadProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.ParseResult;

/**
 * {@code wharf load chat} and {@code wharf load ws chat}: {@link LoadCommand}'s flags read as a chat run (over the
 * text lines, or over the browser chat's WebSocket at {@code --path}, {@code /chat} on port 8080 by default), the
 * run, and its report. Flags that only make sense for request/reply targets are parameter errors here (one line,
 * exit 2); a run that lost, duplicated or failed anything exits 1.
 */
final class ChatRun {

    private static final int DEFAULT_ROOMS = 10;
    private static final String WS_PATH = "/chat";

    private final LoadCommand command;
    private final boolean webSocket;

    ChatRun(LoadCommand command, boolean webSocket) {
        this.command = command;
        this.webSocket = webSocket;
    }

    Integer call() {
        ChatSpec spec = spec();
        PrintWriter out = command.spec.commandLine().getOut();
        PrintWriter err = command.spec.commandLine().getErr();
        ProgressLine line = command.progress || ProgressLine.stderrIsTerminal() ? new ProgressLine(err) : null;
        ChatReport report;
        try {
            report = ChatLoad.run(spec, new RunProgress(() -> command.announce(ChatReportText.heading(spec), out, err),
                    line == null ? LoadProgress.NONE : line));
        } catch (IOException e) {
            err.println("wharf: " + e.getMessage());
            return 2;
        } finally {
            if (line != null) {
                line.clear();
            }
        }
        out.print(command.json ? ChatReportJson.render(report) + System.lineSeparator() : ChatReportText.body(report));
        out.flush();
        if (command.hgrm != null && !command.writeHgrm(report.latencyMicros(), err)) {
            return 2;
        }
        return report.clean() ? 0 : 1;
    }

    ChatSpec spec() {
        ParseResult parsed = command.spec.commandLine().getParseResult();
        for (String flag : new String[] {"--requests", "--path", "--no-keepalive"}) {
            if (parsed.hasMatchedOption(flag) && !(webSocket && flag.equals("--path"))) {
                throw command.usage(flag + " does not apply to " + (webSocket ? "ws chat" : "chat"));
            }
        }
        int clients = command.connections;
        try {
            int port = command.port != null ? command.port
                    : webSocket ? (command.tls.on() ? LoadCommand.HTTPS_PORT : LoadCommand.HTTP_PORT)
                    : command.tls.on() ? LoadCommand.CHAT_TLS_PORT : LoadCommand.CHAT_PORT;
            String wsPath = !webSocket ? "" : parsed.hasMatchedOption("--path") ? command.path : WS_PATH;
            return new ChatSpec(command.host, port, clients,
                    command.rooms != null ? command.rooms : Math.max(1, Math.min(DEFAULT_ROOMS, clients)),
                    parsed.hasMatchedOption("--rate") ? command.rate : 1, command.threads,
                    command.duration != null ? command.duration : Duration.ofSeconds(10), command.warmup, command.size,
                    command.timeout, command.tls.clientTls(command.spec), wsPath);
        } catch (IllegalArgumentException e) {
            throw command.usage(e.getMessage());
        }
    }
}
