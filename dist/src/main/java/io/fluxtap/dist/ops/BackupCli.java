package io.fluxtap.dist.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.dist.auth.TokenCli;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxtap backup DIR}: asks the running server for an online backup into {@code DIR} (resolved against the
 * working directory here, since the server's may differ), through its admin API with the admin token that
 * {@code fluxtap token} uses. Exit status 0 when written, 1 when refused or failed, 2 for a wrong command line.
 */
@Command(name = "backup", synopsisHeading = "", customSynopsis = "usage: fluxtap backup [--url URL] [--token-file FILE] DIR",
        description = "Writes an online backup of the running server (database, warehouse, WAL, configuration) to DIR,"
                + " which must not exist or be empty.")
public final class BackupCli implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameters(paramLabel = "DIR", description = "where the backup goes; it must not exist yet or be empty")
    Path dir;

    @CommandLine.Mixin
    BackupConnection connection;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The token command's connection, with the backup's reason and a backup's patience. */
    static final class BackupConnection extends TokenCli.Connection {
        @Override
        protected String whyRunning() {
            return "an online backup is made by the running server (stopped, copy the data directory itself)";
        }

        @Override
        protected Duration timeout() {
            return Duration.ofHours(6);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return OpsCommands.execute(new BackupCli(), "backup", args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        String target = dir.toAbsolutePath().normalize().toString();
        HttpResponse<String> response = connection.send("POST", "api/v1/admin/backup",
                MAPPER.createObjectNode().put("dir", target).toString());
        PrintWriter err = spec.commandLine().getErr();
        if (response.statusCode() != 201) {
            err.println("fluxtap backup: " + TokenCli.error(response));
            return OpsCommands.EXIT_FAILED;
        }
        JsonNode made = MAPPER.readTree(response.body());
        spec.commandLine().getOut().println("backup written to " + made.path("dir").asText() + ": "
                + made.path("files").asLong() + " files, " + made.path("bytes").asLong() + " bytes, schema V"
                + made.path("schema_version").asInt() + ", taken at " + made.path("created_at").asText());
        return OpsCommands.EXIT_OK;
    }
}
