package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxtap user add|list|remove}: the dashboard's users through the running server's admin API
 * ({@code /api/v1/users}), authenticated as {@code fluxtap token} is (see {@link TokenCli}), or, with the server
 * stopped, on its data directory as {@code token} does. The password is never an
 * argument (it would show in {@code ps} and the shell's history): {@code add} prompts for it twice on a terminal, or
 * reads the first line of standard input with {@code --password-stdin}.
 */
@Command(name = "user", subcommands = {UserCli.Add.class, UserCli.ListUsers.class, UserCli.Remove.class,
        UserCli.Hash.class},
        customSynopsis = {"usage: fluxtap user add --name NAME --role viewer|editor|admin [--password-stdin]",
                "       fluxtap user list",
                "       fluxtap user remove NAME",
                "       fluxtap user hash --name NAME --role ROLE [--password-stdin] [--iterations N]"},
        synopsisHeading = "", description = "Dashboard users, through the running server or, stopped, its data directory "
                + "(roles: viewer, editor, admin).")
public final class UserCli implements Runnable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is needed: add, list or remove");
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, in, System.console(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /**
     * The command without exiting.
     *
     * @param in      standard input, for {@code --password-stdin}
     * @param console the terminal to prompt on; null when there is none
     */
    public static int run(String[] args, BufferedReader in, Console console, PrintWriter out, PrintWriter err) {
        return AdminCli.execute(new UserCli(), "user", args, out, err, line -> {
            Add add = line.getSubcommands().get("add").getCommand();
            add.in = in;
            add.console = console;
            Hash hash = line.getSubcommands().get("hash").getCommand();
            hash.in = in;
            hash.console = console;
        });
    }

    @Command(name = "add", synopsisHeading = "", optionListHeading = "%n",
            customSynopsis = "usage: fluxtap user add --name NAME --role viewer|editor|admin [--password-stdin]",
            description = "Adds a dashboard user; the password is prompted for, or read from standard input.")
    static final class Add implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "unique: letters, digits, '_', '.', '@', '-'")
        String name;

        @Option(names = "--role", required = true, description = "viewer, editor or admin")
        String role;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        BufferedReader in;
        Console console;

        @Override
        public Integer call() throws Exception {
            char[] password = password();
            if (password == null) {
                return TokenCli.EXIT_BAD_INPUT;
            }
            ObjectNode body = MAPPER.createObjectNode();
            body.put("name", name);
            body.put("role", role);
            body.put("password", new String(password));
            Arrays.fill(password, '\0');
            PrintWriter err = spec.commandLine().getErr();
            AdminCli.Reply reply = connection.ask("POST", "api/v1/users", body.toString(),
                    admin -> UsersResource.add(admin.users(), body.toString(), admin.who(), OfflineAdmin.FROM), err);
            if (reply.status() != 201) {
                err.println("fluxtap user: " + reply.error());
                return TokenCli.EXIT_FAILED;
            }
            JsonNode made = reply.json();
            err.println("added user '" + made.path("name").asText() + "' (" + made.path("role").asText() + ")");
            return TokenCli.EXIT_OK;
        }

        private char[] password() throws IOException {
            return readPassword(passwordStdin, in, console, name, spec.commandLine().getErr());
        }
    }

    /** @return null (after saying why) when no password was given */
    static char[] readPassword(boolean fromStdin, BufferedReader in, Console console, String name, PrintWriter err)
            throws IOException {
        if (fromStdin || console == null) {
            String line = in == null ? null : in.readLine();
            if (line == null || line.isEmpty()) {
                err.println("fluxtap user: no password on standard input (give it on the first line, e.g. "
                        + "from a file: --password-stdin < FILE)");
                return null;
            }
            return line.toCharArray();
        }
        char[] first = console.readPassword("password for %s: ", name);
        char[] again = console.readPassword("the same again: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
            err.println("fluxtap user: the two passwords differ");
            return null;
        }
        Arrays.fill(again, '\0');
        return first;
    }

    @Command(name = "hash", synopsisHeading = "", optionListHeading = "%n",
            customSynopsis = "usage: fluxtap user hash --name NAME --role ROLE [--password-stdin] [--iterations N]",
            description = "Prints a fluxtap.dashboard.users-file line for a user (no server needed; no password in it).")
    static final class Hash implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "unique: letters, digits, '_', '.', '@', '-'")
        String name;

        @Option(names = "--role", required = true, description = "viewer, editor or admin")
        String role;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Option(names = "--iterations", description = "PBKDF2 rounds, default " + UserBook.DEFAULT_ITERATIONS)
        int iterations = UserBook.DEFAULT_ITERATIONS;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        BufferedReader in;
        Console console;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            io.fluxtap.api.auth.Role parsed;
            try {
                parsed = io.fluxtap.api.auth.Role.parse(role);
            } catch (IllegalArgumentException e) {
                err.println("fluxtap user: " + e.getMessage());
                return TokenCli.EXIT_BAD_INPUT;
            }
            if (iterations < 1) {
                err.println("fluxtap user: --iterations must be positive");
                return TokenCli.EXIT_BAD_INPUT;
            }
            char[] password = readPassword(passwordStdin, in, console, name, err);
            if (password == null) {
                return TokenCli.EXIT_BAD_INPUT;
            }
            try {
                spec.commandLine().getOut().println(UserFile.line(name, parsed, password, iterations));
            } catch (IllegalArgumentException e) {
                err.println("fluxtap user: " + e.getMessage());
                return TokenCli.EXIT_BAD_INPUT;
            }
            spec.commandLine().getOut().flush();
            return TokenCli.EXIT_OK;
        }
    }

    @Command(name = "list", synopsisHeading = "", customSynopsis = "usage: fluxtap user list",
            description = "Lists the dashboard users and their roles.")
    static final class ListUsers implements Callable<Integer> {

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AdminCli.Reply reply = connection.ask("GET", "api/v1/users", null,
                    admin -> new AdminJson.Answer(200, AdminJson.users(admin.users())), spec.commandLine().getErr());
            if (reply.status() != 200) {
                spec.commandLine().getErr().println("fluxtap user: " + reply.error());
                return TokenCli.EXIT_FAILED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-8s %s%n", "NAME", "ROLE", "CREATED");
            for (JsonNode user : reply.json().path("users")) {
                out.printf("%-24s %-8s %s%n", user.path("name").asText(), user.path("role").asText(),
                        user.path("created").asText());
            }
            out.flush();
            return TokenCli.EXIT_OK;
        }
    }

    @Command(name = "remove", synopsisHeading = "", customSynopsis = "usage: fluxtap user remove NAME",
            description = "Removes a dashboard user.")
    static final class Remove implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "the user's name")
        String name;

        @CommandLine.Mixin
        AdminCli.Target connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AdminCli.Reply reply = connection.ask("DELETE",
                    "api/v1/users/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null,
                    admin -> UsersResource.remove(admin.users(), name, admin.who(), OfflineAdmin.FROM),
                    spec.commandLine().getErr());
            if (reply.status() != 204) {
                spec.commandLine().getErr().println("fluxtap user: " + reply.error());
                return TokenCli.EXIT_FAILED;
            }
            spec.commandLine().getErr().println("removed user '" + name + "'");
            return TokenCli.EXIT_OK;
        }
    }
}
