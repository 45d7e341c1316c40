package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.dist.config.FluxtapConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxtap token create|list|revoke}: the tokens through the running server's admin API ({@code /api/v1/tokens}),
 * or, with the server stopped, on its data directory ({@link AdminCli.Target} says when; DuckDB lets one process open
 * the database, so never both). Through the API it authenticates with the bootstrap admin
 * token the server wrote ({@code <fluxtap.data.dir>/bootstrap-admin.token}), another admin token in
 * {@code FLUXTAP_ADMIN_TOKEN}, or {@code --token-file}. The server's address comes from the same configuration the
 * server reads ({@code conf/fluxtap.properties}, {@code FLUXTAP_...}), or {@code --url}.
 * <p>
 * {@code create} prints the secret alone on standard output (so {@code TOKEN=$(bin/fluxtap token create ...)}
 * works) and what was made on standard error. Exit status 0 when done, 1 when the server refused or could not be
 * reached, 2 for a wrong command line.
 */
@Command(name = "token", subcommands = {TokenCli.Create.class, TokenCli.ListTokens.class, TokenCli.Revoke.class},
        customSynopsis = {"usage: fluxtap token create --name NAME --scopes SCOPE[,SCOPE...] [--expires-in DURATION]",
                "       fluxtap token list",
                "       fluxtap token revoke NAME"},
        synopsisHeading = "", description = "API tokens, through the running server or, stopped, its data directory "
                + "(scopes: ingest, read, write, admin).")
public final class TokenCli implements Runnable {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is needed: create, list or revoke");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The command without exiting: its status, its output written to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return AdminCli.execute(new TokenCli(), "token", args, out, err, line -> { });
    }

    /** What every subcommand needs to reach the server; {@code bin/fluxtap backup} reaches it the same way. */
    public static class Connection {

        @Option(names = "--url", paramLabel = "URL",
                description = "the server's API, default http://<fluxtap.host>:<fluxtap.http.port>/ from the configuration")
        String url;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "a file holding an admin token; default FLUXTAP_ADMIN_TOKEN, else <fluxtap.data.dir>/"
                        + AccessControl.BOOTSTRAP_FILE)
        Path tokenFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** No server listens at the address: the connection was refused. */
        public static final class Unreachable extends IOException {
            Unreachable(String message, Throwable cause) {
                super(message, cause);
            }
        }

        private String resolvedUrl;
        private String token;
        private Path tokenSource;

        void resolve() throws IOException {
            Config config = FluxtapConfig.load(Path.of(System.getProperty("fluxtap.home", ".")));
            try {
                String host = config.getOptionalValue("fluxtap.host", String.class).orElse("127.0.0.1");
                int port = config.getOptionalValue("fluxtap.http.port", Integer.class).orElse(8080);
                resolvedUrl = url != null ? url : "http://" + hostForUrl(host) + ":" + port + "/";
                if (!resolvedUrl.endsWith("/")) {
                    resolvedUrl += "/";
                }
                String fromEnv = System.getenv("FLUXTAP_ADMIN_TOKEN");
                if (tokenFile != null) {
                    tokenSource = tokenFile;
                } else if (fromEnv != null && !fromEnv.isBlank()) {
                    token = fromEnv.strip();
                    return;
                } else {
                    tokenSource = Path.of(config.getOptionalValue("fluxtap.data.dir", String.class).orElse("./data"))
                            .resolve(AccessControl.BOOTSTRAP_FILE);
                }
                if (Files.isReadable(tokenSource)) {
                    token = Files.readString(tokenSource).strip();
                } else if (tokenFile != null) {
                    throw new IOException("cannot read the token file " + tokenFile);
                }
            } finally {
                ConfigProviderResolver.instance().releaseConfig(config);
            }
        }

        /** The address asked, once {@link #send} resolved it. */
        protected String resolvedUrl() {
            return resolvedUrl;
        }

        /** Why the server must run, for the message when none answers. */
        protected String whyRunning() {
            return "tokens are made through the running server's admin API";
        }

        /** How long an answer may take. */
        protected Duration timeout() {
            return Duration.ofSeconds(30);
        }

        /** Sends a request with the admin token; throws with a message fit for the user when refused or unreachable. */
        public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            resolve();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(resolvedUrl).resolve(path))
                    .timeout(timeout())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response;
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException e) {
                throw new Unreachable("no Fluxtap server answers at " + resolvedUrl + ": " + whyRunning()
                        + ", so start the server first (bin/fluxtap), or give its address with --url", e);
            } catch (HttpConnectTimeoutException e) {
                throw new IOException("no Fluxtap server answers at " + resolvedUrl + " (connection timed out): "
                        + whyRunning() + ", so start the server first (bin/fluxtap), or give its address with --url");
            }
            if (response.statusCode() == 401) {
                throw new IOException("the server refused the admin token (" + firstLine(response.body()) + "); "
                        + (token == null ? "no token was found in " + tokenSource
                        : "it came from " + (tokenSource == null ? "FLUXTAP_ADMIN_TOKEN" : tokenSource.toString()))
                        + ". Give an admin token with --token-file or FLUXTAP_ADMIN_TOKEN");
            }
            if (response.statusCode() == 403) {
                throw new IOException(firstLine(response.body()) + " (the token needs the admin scope)");
            }
            return response;
        }

        private static String hostForUrl(String host) {
            if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
                return "127.0.0.1";
            }
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
    }

    @Command(name = "create", synopsisHeading = "", optionListHeading = "%n",
            customSynopsis = "usage: fluxtap token create --name NAME --scopes SCOPE[,SCOPE...] [--expires-in DURATION]",
            description = "Makes a token and prints its secret, the only time it is shown.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "unique: letters, digits, '_', '.', '-'")
        String name;

        @Option(names = "--scopes", required = true, paramLabel = "SCOPES",
                description = "comma-separated: ingest, read, write, admin")
        String scopes;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "e.g. 30d, 12h; default: never")
        String expiresIn;

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("name", name);
            body.put("scopes", scopes);
            if (expiresIn != null) {
                body.put("expires_in", expiresIn);
            }
            PrintWriter err = spec.commandLine().getErr();
            AdminCli.Reply reply = connection.ask("POST", "api/v1/tokens", body.toString(), admin -> {
                // The server makes its admin token at its first start only when there is no token: a first token
                // made here would leave it without one, so make that one here too, as the server would have.
                boolean first = admin.tokens().isEmpty();
                AdminJson.Answer answer = TokensResource.create(admin.tokens(), body.toString(), admin.caller());
                if (first && answer.status() == 201 && admin.tokens().byName(AccessControl.BOOTSTRAP_NAME).isEmpty()) {
                    Path file = AccessControl.makeBootstrap(admin.tokens(), admin.dataDir(), admin.caller());
                    err.println("made the admin token '" + AccessControl.BOOTSTRAP_NAME + "' too, as a first start "
                            + "would have; its secret is in " + file + " (mode 600)");
                }
                return answer;
            }, err);
            if (reply.status() != 201) {
                err.println("fluxtap token: " + reply.error());
                return EXIT_FAILED;
            }
            JsonNode made = reply.json();
            err.println("made token '" + made.path("name").asText() + "' (scopes " + join(made.path("scopes"))
                    + (made.path("expires_at").isNull() ? ", no expiry" : ", expires " + made.path("expires_at").asText())
                    + "); its secret, shown only now:");
            err.flush();
            spec.commandLine().getOut().println(made.path("secret").asText());
            return EXIT_OK;
        }
    }

    @Command(name = "list", synopsisHeading = "", customSynopsis = "usage: fluxtap token list",
            description = "Lists the tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AdminCli.Reply reply = connection.ask("GET", "api/v1/tokens", null,
                    admin -> new AdminJson.Answer(200, AdminJson.tokens(admin.tokens())), spec.commandLine().getErr());
            if (reply.status() != 200) {
                spec.commandLine().getErr().println("fluxtap token: " + reply.error());
                return EXIT_FAILED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-24s %-24s %-24s %s%n", "NAME", "SCOPES", "CREATED", "LAST USED", "EXPIRES");
            for (JsonNode token : reply.json().path("tokens")) {
                out.printf("%-24s %-24s %-24s %-24s %s%n", token.path("name").asText(), join(token.path("scopes")),
                        token.path("created").asText(), orDash(token.path("last_used")),
                        orDash(token.path("expires_at")));
            }
            out.flush();
            return EXIT_OK;
        }
    }

    @Command(name = "revoke", synopsisHeading = "", customSynopsis = "usage: fluxtap token revoke NAME",
            description = "Revokes a token at once.")
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "the token's name")
        String name;

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AdminCli.Reply reply = connection.ask("DELETE",
                    "api/v1/tokens/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null,
                    admin -> TokensResource.revoke(admin.tokens(), name, admin.caller()), spec.commandLine().getErr());
            if (reply.status() != 204) {
                spec.commandLine().getErr().println("fluxtap token: " + reply.error());
                return EXIT_FAILED;
            }
            spec.commandLine().getErr().println("revoked token '" + name + "'");
            return EXIT_OK;
        }
    }

    /** The error an admin API answer holds (for {@code bin/fluxtap backup}, which asks the server the same way). */
    public static String error(HttpResponse<String> response) {
        return AdminCli.Reply.of(response).error();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").strip();
    }

    private static String join(JsonNode array) {
        StringBuilder text = new StringBuilder();
        array.forEach(s -> text.append(text.isEmpty() ? "" : ",").append(s.asText()));
        return text.toString();
    }

    private static String orDash(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
