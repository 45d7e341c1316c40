package io.fluxtap.dist.auth;

import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.api.auth.Role;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.testing.MovableClock;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users from fluxtap.dashboard.users-file: lines from {@code bin/fluxtap user hash}, signed in, managed in the file. */
class UserFileTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static String hash(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = UserCli.run(args, new BufferedReader(new StringReader(stdin)), null, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        return out.toString().strip();
    }

    @Test
    void aLineFromUserHashSignsInAndHoldsNoPassword() throws Exception {
        String line = hash("file-password-1\n", "hash", "--name", "ops", "--role", "editor", "--password-stdin",
                "--iterations", "1000");
        assertTrue(line.matches("ops editor \\$pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}"), line);
        assertFalse(line.contains("file-password-1"), line);
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "# dashboard users\n\n" + line + "\n");

        MovableClock clock = new MovableClock(NOW);
        try (DuckDbDatabase db = new DuckDbDatabase(dir.resolve("db"))) {
            UserBook users = new UserBook(new DuckDbStateStore(db, clock), clock, 1_000, a -> { },
                    UserFile.read(file, NOW));
            assertEquals(Optional.of(new DashboardUser("ops", Role.EDITOR)),
                    users.verify("ops", "file-password-1".toCharArray()));
            assertEquals(Optional.empty(), users.verify("ops", "file-password-2".toCharArray()));
            assertEquals(List.of("ops"), users.list().stream().map(DashboardAccount::name).toList());
            assertTrue(users.isConfigured("ops"));
            IllegalStateException removal = assertThrows(IllegalStateException.class,
                    () -> users.remove("ops", "test", "127.0.0.1"));
            assertTrue(removal.getMessage().contains("fluxtap.dashboard.users-file"), removal.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> users.add("ops", Role.ADMIN, "another-pass".toCharArray(), "test", "127.0.0.1"));
        }
    }

    @Test
    void aBadLineIsRefusedWithItsNumber() throws Exception {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "# users\nops editor plain-text-password\n");
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> UserFile.read(file, NOW));
        assertTrue(plain.getMessage().startsWith(file + " line 2: expected 'NAME ROLE $pbkdf2-sha256$"),
                plain.getMessage());

        String line = hash("file-password-1\n", "hash", "--name", "ops", "--role", "viewer", "--password-stdin",
                "--iterations", "1000");
        Files.writeString(file, line + "\n" + line + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserFile.read(file, NOW)).getMessage()
                .endsWith("line 2: user 'ops' is named twice"));
        Files.writeString(file, line.replace(" viewer ", " root ") + "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UserFile.read(file, NOW)).getMessage()
                .endsWith("line 1: unknown role 'root' (roles: viewer, editor, admin)"));
    }
}
