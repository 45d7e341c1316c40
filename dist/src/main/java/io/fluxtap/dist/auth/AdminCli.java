package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code fluxtap token} and {@code fluxtap user} share: the command line's error handling, the server's
 * answer, and the choice between the running server's admin API and the stopped server's data directory.
 */
final class AdminCli {

    private AdminCli() {
    }

    /** Runs {@code root} with {@code fluxtap NAME: ...} errors: 1 when the command failed, 2 for a wrong command line. */
    static int execute(Object root, String name, String[] args, PrintWriter out, PrintWriter err,
                       Consumer<CommandLine> prepare) {
        CommandLine line = new CommandLine(root).setOut(out).setErr(err);
        prepare.accept(line);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("fluxtap " + name + ": " + e.getMessage());
            return TokenCli.EXIT_FAILED;
        });
        line.setParameterExceptionHandler((e, args2) -> {
            err.println("fluxtap " + name + ": " + e.getMessage().lines().findFirst().orElse(""));
            err.println(e.getCommandLine().getUsageMessage().lines().filter(l -> l.contains("usage:")
                    || l.startsWith("       fluxtap")).reduce((a, b) -> a + System.lineSeparator() + b).orElse(""));
            return TokenCli.EXIT_BAD_INPUT;
        });
        return line.execute(args);
    }

    /** An answer of the admin API: over HTTP from the running server, or computed here on its data directory. */
    record Reply(int status, String body) {

        static Reply of(HttpResponse<String> response) {
            return new Reply(response.statusCode(), response.body());
        }

        static Reply of(AdminJson.Answer answer) {
            return new Reply(answer.status(), answer.body() == null ? "" : answer.body().toString());
        }

        JsonNode json() throws IOException {
            return AdminJson.MAPPER.readTree(body);
        }

        /** The API's error message, or the status and first line of a body that is not the API's JSON. */
        String error() {
            try {
                JsonNode node = AdminJson.MAPPER.readTree(body);
                if (node != null && node.hasNonNull("error")) {
                    return node.get("error").asText();
                }
            } catch (IOException e) {
                // not our JSON: show the status and the first line
            }
            return "HTTP " + status + ": " + (body == null ? "" : body.lines().findFirst().orElse("").strip());
        }
    }

    /** A request to the admin API, and what the same request does on the data directory when no server runs. */
    interface OfflineCall {
        AdminJson.Answer apply(OfflineAdmin admin) throws IOException;
    }

    /**
     * The token's connection options plus {@code --offline}. Without {@code --url}, a refused connection to the
     * configured address means no server runs on this machine's configuration, so the command works on the data
     * directory itself ({@link #fallsBackOffline}); with {@code --url} the user named a server, and a refusal is an
     * error (that server may be another machine's, whose data directory is not here).
     */
    static class Target extends TokenCli.Connection {

        @Option(names = "--offline", description = "work on the data directory (<fluxtap.data.dir>) without asking a "
                + "server; the server must be stopped. Default: only when no server answers and no --url is given")
        boolean offline;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "the data directory to work on offline; default fluxtap.data.dir of the configuration")
        Path dataDir;

        @Override
        protected String whyRunning() {
            return "a server named with --url must be running (without --url, or with --offline, the command works "
                    + "on a stopped server's data directory)";
        }

        /**
         * Asks the running server, or does {@code offline} on the data directory (telling on {@code err}) when
         * {@link #fallsBackOffline} says so.
         */
        Reply ask(String method, String path, String body, OfflineCall offlineCall, PrintWriter err)
                throws IOException, InterruptedException {
            if (!offline) {
                try {
                    return Reply.of(send(method, path, body));
                } catch (IOException e) {
                    if (!fallsBackOffline(url, e)) {
                        throw e;
                    }
                    err.println("no Fluxtap server answers at " + resolvedUrl() + ": working on its data directory "
                            + "(the server is stopped)");
                    err.flush();
                }
            }
            try (OfflineAdmin admin = OfflineAdmin.open(dataDir, err)) {
                return Reply.of(offlineCall.apply(admin));
            }
        }

        /**
         * The fallback's rule: only a refused connection (nothing listens on the address) and no {@code --url}. A
         * timeout, a refused token or an HTTP error means a server is there; a {@code --url} may name another machine.
         */
        static boolean fallsBackOffline(String url, IOException failure) {
            return url == null && failure instanceof TokenCli.Connection.Unreachable;
        }
    }
}
