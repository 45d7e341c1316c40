package io.fluxtap.dist.auth;

import io.fluxtap.api.StateStore;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.api.auth.Role;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.testing.MovableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's password store on the real DuckDB state store. */
class UserBookTest {

    /** Few rounds, so the test is quick; the server's default is {@link UserBook#DEFAULT_ITERATIONS}. */
    private static final int ROUNDS = 1_000;

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<AuditEntry> audit = new ArrayList<>();
    private DuckDbDatabase db;
    private StateStore state;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private UserBook open(int rounds) {
        if (db != null) {
            db.close();
        }
        db = new DuckDbDatabase(dir);
        state = new DuckDbStateStore(db, clock);
        return new UserBook(state, clock, rounds, audit::add);
    }

    @Test
    void theRightPasswordSignsInAndAWrongOneOrUnknownNameDoesNot() {
        UserBook users = open(ROUNDS);
        users.add("alice", Role.VIEWER, "correct horse".toCharArray(), "admin-token", "127.0.0.1");
        assertEquals(Optional.of(new DashboardUser("alice", Role.VIEWER)),
                users.verify("alice", "correct horse".toCharArray()));
        assertEquals(Optional.empty(), users.verify("alice", "correct horsE".toCharArray()));
        assertEquals(Optional.empty(), users.verify("alice", new char[0]));
        assertEquals(Optional.empty(), users.verify("bob", "correct horse".toCharArray()));
        assertEquals(Optional.empty(), users.verify(null, null));
    }

    @Test
    void onlyTheSaltedHashIsStoredAndItOutlivesARestart() {
        UserBook users = open(ROUNDS);
        char[] password = "s3cret-enough".toCharArray();
        users.add("ed", Role.EDITOR, password, "test", "127.0.0.1");
        assertArrayEquals(new char[password.length], password, "the caller's copy of the password is cleared");

        String json = state.load(UserBook.NAMESPACE).getFirst().json();
        assertFalse(json.contains("s3cret"), json);
        assertTrue(json.contains("\"algorithm\":\"PBKDF2WithHmacSHA256\"") && json.contains("\"iterations\":1000"), json);
        DashboardAccount stored = users.list().getFirst();
        assertEquals(32, Base64.getDecoder().decode(stored.hash()).length);
        assertEquals(16, Base64.getDecoder().decode(stored.salt()).length);

        // Reopened with more rounds: the stored password keeps the count it was made with.
        UserBook again = open(ROUNDS * 2);
        assertEquals(Optional.of(new DashboardUser("ed", Role.EDITOR)), again.verify("ed", "s3cret-enough".toCharArray()));
        assertEquals(clock.instant(), again.list().getFirst().created());
    }

    @Test
    void twoUsersWithOnePasswordGetDifferentSaltsAndHashes() {
        UserBook users = open(ROUNDS);
        users.add("a1", Role.VIEWER, "same password".toCharArray(), "test", "127.0.0.1");
        users.add("a2", Role.VIEWER, "same password".toCharArray(), "test", "127.0.0.1");
        List<DashboardAccount> both = users.list();
        assertFalse(both.get(0).salt().equals(both.get(1).salt()));
        assertFalse(both.get(0).hash().equals(both.get(1).hash()));
    }

    @Test
    void badNamesShortPasswordsAndDuplicatesAreRefused() {
        UserBook users = open(ROUNDS);
        assertThrows(IllegalArgumentException.class, () -> users.add("", Role.VIEWER, "long enough".toCharArray(),
                "t", "127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> users.add("a b", Role.VIEWER, "long enough".toCharArray(),
                "t", "127.0.0.1"));
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> users.add("carol", Role.VIEWER, "short".toCharArray(),
                "t", "127.0.0.1"));
        assertTrue(shortOne.getMessage().contains("8"), shortOne.getMessage());
        users.add("carol", Role.ADMIN, "long enough".toCharArray(), "t", "127.0.0.1");
        assertThrows(IllegalStateException.class, () -> users.add("carol", Role.VIEWER, "other one!".toCharArray(),
                "t", "127.0.0.1"));
        assertEquals(1, users.list().size());
        assertEquals(Role.ADMIN, users.list().getFirst().role());
    }

    @Test
    void aRemovedUserNoLongerSignsInAndEveryChangeIsAudited() {
        UserBook users = open(ROUNDS);
        users.add("dave", Role.VIEWER, "password-1".toCharArray(), "admin-token", "10.0.0.1");
        assertTrue(users.remove("dave", "admin-token", "10.0.0.1"));
        assertFalse(users.remove("dave", "admin-token", "10.0.0.1"));
        assertEquals(Optional.empty(), users.verify("dave", "password-1".toCharArray()));
        assertTrue(open(ROUNDS).list().isEmpty(), "the removal is stored");

        assertEquals(List.of(
                new AuditEntry("users", "user add", "admin-token", "10.0.0.1", "dave as viewer"),
                new AuditEntry("users", "user remove", "admin-token", "10.0.0.1", "dave (viewer)")), audit);
        var record = audit.getFirst().record(clock.instant());
        assertEquals(true, record.attributes().get("audit"));
        assertEquals("users", record.gearId());
        assertFalse(record.body().contains("password-1"));
    }
}
