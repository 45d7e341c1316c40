package io.fluxtap.dist.auth;

import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.api.auth.Role;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-ins over the real password store: throttled per name and per address, every attempt audited. */
class DashboardLoginServiceTest {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<AuditEntry> audit = new ArrayList<>();
    private DuckDbDatabase db;
    private DashboardLoginService login;
    private UserBook users;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(dir);
        users = new UserBook(new DuckDbStateStore(db, clock), clock, 1_000, a -> { });
        users.add("alice", Role.EDITOR, "alice-password".toCharArray(), "test", "127.0.0.1");
        login = new DashboardLoginService(() -> true, () -> users, audit::add, false, new LoginThrottle(clock));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theSignedInUserIsLookedUpAgainAndARemovedOrRemadeAccountIsGone() {
        Instant signedIn = clock.instant().plusSeconds(1);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.of(new DashboardUser("alice", Role.EDITOR)), login.current("alice", signedIn));
        assertEquals(Optional.empty(), login.current("nobody", signedIn));
        assertTrue(users.remove("alice", "test", "127.0.0.1"));
        assertEquals(Optional.empty(), login.current("alice", signedIn), "removed");
        users.add("alice", Role.VIEWER, "new-password".toCharArray(), "test", "127.0.0.1");
        assertEquals(Optional.empty(), login.current("alice", signedIn), "another account of the same name");
        Instant again = clock.instant();
        assertEquals(Optional.of(new DashboardUser("alice", Role.VIEWER)), login.current("alice", again));
    }

    @Test
    void theRightPasswordSignsInAndEachAttemptIsAudited() {
        assertEquals(Optional.empty(), login.login("alice", "wrong-password".toCharArray(), "10.0.0.7"));
        assertEquals(Optional.of(new DashboardUser("alice", Role.EDITOR)),
                login.login(" alice ", "alice-password".toCharArray(), "10.0.0.7"));
        assertEquals(List.of(
                new AuditEntry("dashboard", "login refused", "alice", "10.0.0.7", "wrong name or password"),
                new AuditEntry("dashboard", "login", "alice", "10.0.0.7", "role editor")), audit);
    }

    @Test
    void afterRepeatedFailuresEvenTheRightPasswordWaitsAndAnotherAddressIsLockedForTheSameName() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            login.login("alice", ("guess-" + i).toCharArray(), "10.0.0.7");
        }
        assertEquals(Optional.empty(), login.login("alice", "alice-password".toCharArray(), "10.0.0.7"));
        assertEquals(Optional.empty(), login.login("alice", "alice-password".toCharArray(), "10.0.0.8"),
                "the name is locked whatever the address");
        assertEquals("login throttled", audit.getLast().action());
        assertTrue(audit.getLast().what().startsWith("locked for 1 s more"), audit.getLast().what());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(new DashboardUser("alice", Role.EDITOR)),
                login.login("alice", "alice-password".toCharArray(), "10.0.0.8"));
        // The success cleared the name; the guessing address is still counted.
        assertEquals(Optional.empty(), login.login("alice", "wrong-again".toCharArray(), "10.0.0.7"));
        assertEquals(Optional.empty(), login.login("alice", "alice-password".toCharArray(), "10.0.0.7"));
        assertEquals("login throttled", audit.getLast().action());
    }
}
