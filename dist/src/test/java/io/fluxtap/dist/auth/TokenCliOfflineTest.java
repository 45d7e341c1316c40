package io.fluxtap.dist.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Scope;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fluxtap token} and {@code user} without a server (issue #17): when they fall back to the data directory,
 * and what they do there: the same books the server opens, the bootstrap admin token a first start would have made,
 * and the audit records in {@code active_logs}.
 */
class TokenCliOfflineTest {

    @TempDir
    Path dir;

    @Test
    void onlyARefusedConnectionWithoutUrlFallsBackToTheDataDirectory() {
        IOException refused = new TokenCli.Connection.Unreachable("refused", null);
        assertTrue(AdminCli.Target.fallsBackOffline(null, refused));
        assertFalse(AdminCli.Target.fallsBackOffline("http://10.0.0.7:8080/", refused),
                "a server named with --url may be another machine's, whose data directory is not here");
        assertFalse(AdminCli.Target.fallsBackOffline(null, new HttpConnectTimeoutException("timed out")),
                "a timeout: something is there");
        assertFalse(AdminCli.Target.fallsBackOffline(null, new IOException("the server refused the admin token")));
    }

    @Test
    void aTokenMadeOfflineIsTheServersWithTheBootstrapTokenAndAnAuditRecord() throws Exception {
        Run made = token("create", "--name", "ci-sender", "--scopes", "ingest");
        assertEquals(0, made.status(), made.err());
        String secret = made.out().strip();
        assertTrue(secret.matches("ftk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}"), "stdout is the secret alone: " + made.out());
        assertTrue(made.err().contains("made token 'ci-sender' (scopes ingest, no expiry)"), made.err());
        assertTrue(Files.isRegularFile(dir.resolve(AccessControl.BOOTSTRAP_FILE)), made.err());

        Run second = token("create", "--name", "grafana", "--scopes", "read", "--expires-in", "90d");
        assertEquals(0, second.status(), second.err());
        assertFalse(second.err().contains(AccessControl.BOOTSTRAP_NAME), "one bootstrap token: " + second.err());

        Run taken = token("create", "--name", "ci-sender", "--scopes", "read");
        assertEquals(1, taken.status());
        assertEquals("fluxtap token: a token named 'ci-sender' exists; revoke it first", taken.err().strip());

        Run listed = token("list");
        assertEquals(0, listed.status(), listed.err());
        assertEquals(List.of("NAME", "bootstrap-admin", "ci-sender", "grafana"),
                listed.out().lines().map(l -> l.split(" +")[0]).toList(), listed.out());

        // What the server will load: the same key, so the secret checks; the bootstrap file's secret is an admin's.
        String admin = Files.readString(dir.resolve(AccessControl.BOOTSTRAP_FILE)).strip();
        try (DuckDbDatabase database = new DuckDbDatabase(dir)) {
            TokenBook book = AccessControl.tokenBook(new DuckDbStateStore(database), dir, change -> { });
            assertEquals(AccessCheck.allowed("ci-sender"), book.check("Bearer " + secret, Scope.INGEST));
            assertFalse(book.check("Bearer " + secret, Scope.READ).allowed());
            assertEquals(AccessCheck.allowed(AccessControl.BOOTSTRAP_NAME), book.check("Bearer " + admin, Scope.ADMIN));
            List<Map<String, Object>> audit = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT gear_id, body, attributes->>'audit' AS audit, attributes->>'caller' AS caller "
                            + "FROM active_logs WHERE entity_name = 'fluxtap' ORDER BY ts").mapToMap().list());
            String who = System.getProperty("user.name") + " from local";
            assertEquals(List.of("token create ci-sender (ingest) by " + who,
                            "token create bootstrap-admin (admin) by " + who),
                    audit.stream().limit(2).map(r -> r.get("body")).toList(), audit.toString());
            assertEquals(3, audit.size(), audit.toString());
            audit.forEach(r -> {
                assertEquals("tokens", r.get("gear_id"));
                assertEquals("true", r.get("audit"));
                assertEquals(who, r.get("caller"));
            });
        }

        Run revoked = token("revoke", "ci-sender");
        assertEquals(0, revoked.status(), revoked.err());
        assertTrue(revoked.err().contains("revoked token 'ci-sender'"), revoked.err());
        Run gone = token("revoke", "ci-sender");
        assertEquals(1, gone.status());
        assertEquals("fluxtap token: no token named 'ci-sender'", gone.err().strip());
    }

    @Test
    void usersAreAddedListedAndRemovedOfflineWithTheirAuditRecords() throws Exception {
        Run added = user("correct horse battery staple\n", "add", "--name", "alice", "--role", "viewer",
                "--password-stdin");
        assertEquals(0, added.status(), added.err());
        assertTrue(added.err().contains("added user 'alice' (viewer)"), added.err());
        assertFalse(Files.exists(dir.resolve(AccessControl.BOOTSTRAP_FILE)), "users make no token");

        Run listed = user("", "list");
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("alice ") && l.contains(" viewer ")), listed.out());

        Run removed = user("", "remove", "alice");
        assertEquals(0, removed.status(), removed.err());
        assertTrue(removed.err().contains("removed user 'alice'"), removed.err());

        try (DuckDbDatabase database = new DuckDbDatabase(dir)) {
            List<Map<String, Object>> audit = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT attributes->>'action' AS action, attributes->>'user' AS who, attributes->>'from' AS src, "
                            + "attributes->>'audit' AS audit FROM active_logs WHERE gear_id = 'users' ORDER BY ts")
                    .mapToMap().list());
            assertEquals(List.of("user add", "user remove"), audit.stream().map(r -> r.get("action")).toList(),
                    audit.toString());
            audit.forEach(r -> {
                assertEquals(System.getProperty("user.name"), r.get("who"));
                assertEquals("local", r.get("src"));
                assertEquals("true", r.get("audit"));
            });
            assertFalse(audit.toString().contains("horse"), "never the password");
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run token(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TokenCli.run(offline(args), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private Run user(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = UserCli.run(offline(args), new BufferedReader(new StringReader(stdin)), null,
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private String[] offline(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--offline";
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.toString();
        return all;
    }
}
