package io.fluxtap.dist.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Scope;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.testing.MovableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token book on the real DuckDB state store, with a clock the test moves. */
class TokenBookTest {

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<TokenChange> audit = new ArrayList<>();
    private DuckDbDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private TokenBook open() throws IOException {
        if (db != null) {
            db.close();
        }
        db = new DuckDbDatabase(dir);
        return new TokenBook(new DuckDbStateStore(db, clock), clock, OwnerOnlyFiles.serverKey(dir.resolve("auth.key")),
                audit::add);
    }

    @Test
    void aTokenIsAcceptedForItsScopesOnly() throws IOException {
        TokenBook book = open();
        TokenBook.Created created = book.create("ci-sender", EnumSet.of(Scope.INGEST), null, "test");
        assertTrue(created.secret().startsWith("ftk_" + created.token().id() + "_"), created.secret());

        AccessCheck ok = book.check("Bearer " + created.secret(), Scope.INGEST);
        assertEquals(AccessCheck.allowed("ci-sender"), ok);
        assertEquals(AccessCheck.Outcome.ALLOWED, book.check("bearer  " + created.secret() + " ", Scope.INGEST).outcome());
        // OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20<token> from an SDK that does not percent-decode it.
        assertEquals(ok, book.check("Bearer%20" + created.secret(), Scope.INGEST));
        assertEquals(ok, book.check("bearer%20" + created.secret(), Scope.INGEST));
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, book.check("Bearer%2" + created.secret(), Scope.INGEST)
                .outcome());

        AccessCheck wrongScope = book.check("Bearer " + created.secret(), Scope.READ);
        assertEquals(AccessCheck.Outcome.FORBIDDEN, wrongScope.outcome());
        assertEquals("token 'ci-sender' has scopes ingest; this request needs read", wrongScope.message());

        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, book.check(null, Scope.INGEST).outcome());
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, book.check("Basic dXNlcjpwYXNz", Scope.INGEST).outcome());
        // The id of a real token with another secret: found, but the HMAC differs.
        String forged = created.secret().substring(0, created.secret().length() - 4) + "AAAA";
        AccessCheck refused = book.check("Bearer " + forged, Scope.INGEST);
        assertEquals(AccessCheck.unauthenticated("unknown or revoked token"), refused);
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, book.check("Bearer ftk_", Scope.INGEST).outcome());
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, book.check("Bearer nonsense", Scope.INGEST).outcome());
    }

    @Test
    void theSecretIsStoredNowhereInTheDatabase() throws IOException {
        TokenBook book = open();
        List<String> secrets = new ArrayList<>();
        List<String> randoms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TokenBook.Created created = book.create("t" + i, EnumSet.of(Scope.READ, Scope.WRITE), Duration.ofDays(1),
                    "test");
            secrets.add(created.secret());
            // URL-safe Base64 may itself hold '_', so the random part is what follows the id, not the last '_'.
            randoms.add(created.secret().substring(("ftk_" + created.token().id() + "_").length()));
        }
        book.check("Bearer " + secrets.getFirst(), Scope.READ);
        db.close();
        db = null;
        // The database file and anything beside it (a WAL), as the server would leave them.
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("auth.key"))
                    .toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals(DuckDbDatabase.FILE_NAME)), "" + files);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < secrets.size(); i++) {
                assertFalse(contains(bytes, secrets.get(i).getBytes(StandardCharsets.US_ASCII)), file + " holds a secret");
                assertFalse(contains(bytes, randoms.get(i).getBytes(StandardCharsets.US_ASCII)),
                        file + " holds the random part of a secret");
            }
        }
        // ...and yet the tokens are there after a restart.
        TokenBook reopened = open();
        assertEquals(5, reopened.list().size());
        assertTrue(reopened.check("Bearer " + secrets.get(3), Scope.WRITE).allowed());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth.key"))));
    }

    @Test
    void anExpiredTokenIsRefusedWhenTheClockPassesItsExpiry() throws IOException {
        TokenBook book = open();
        String secret = book.create("short", EnumSet.of(Scope.READ), Duration.ofHours(1), "test").secret();
        assertEquals(clock.instant().plus(Duration.ofHours(1)), book.byName("short").orElseThrow().expiresAt());

        clock.advance(Duration.ofMinutes(59));
        assertTrue(book.check("Bearer " + secret, Scope.READ).allowed());
        clock.advance(Duration.ofMinutes(1));
        AccessCheck expired = book.check("Bearer " + secret, Scope.READ);
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, expired.outcome());
        assertEquals("token 'short' expired at 2026-12-01T11:00:00Z", expired.message());
        // The store forgets it too, so a restart does not bring it back.
        assertTrue(open().byName("short").isEmpty());
    }

    @Test
    void aRevocationHoldsAtOnceAndAfterARestart() throws IOException {
        TokenBook book = open();
        String secret = book.create("gone", EnumSet.of(Scope.INGEST), null, "alice").secret();
        String other = book.create("kept", EnumSet.of(Scope.INGEST), null, "alice").secret();
        assertTrue(book.check("Bearer " + secret, Scope.INGEST).allowed());

        assertTrue(book.revoke("gone", "bob"));
        assertEquals(AccessCheck.unauthenticated("unknown or revoked token"), book.check("Bearer " + secret, Scope.INGEST));
        assertFalse(book.revoke("gone", "bob"));
        assertTrue(book.check("Bearer " + other, Scope.INGEST).allowed());

        TokenBook reopened = open();
        assertEquals(AccessCheck.Outcome.UNAUTHENTICATED, reopened.check("Bearer " + secret, Scope.INGEST).outcome());
        assertEquals(List.of("kept"), reopened.list().stream().map(ApiToken::name).toList());
        assertEquals(List.of("create gone by alice", "create kept by alice", "revoke gone by bob"),
                audit.stream().map(c -> c.action() + " " + c.name() + " by " + c.caller()).toList());
    }

    @Test
    void lastUseIsKeptAndStoredAtMostOncePerStep() throws IOException {
        TokenBook book = open();
        String secret = book.create("busy", EnumSet.of(Scope.INGEST), null, "test").secret();
        assertNull(book.byName("busy").orElseThrow().lastUsed());
        Instant first = clock.instant();
        book.check("Bearer " + secret, Scope.INGEST);
        clock.advance(Duration.ofSeconds(10));
        book.check("Bearer " + secret, Scope.INGEST);
        assertEquals(clock.instant(), book.byName("busy").orElseThrow().lastUsed(), "in memory at every use");
        assertEquals(first, open().byName("busy").orElseThrow().lastUsed(), "stored at the first use only");

        TokenBook reopened = open();
        clock.advance(TokenBook.LAST_USED_STEP);
        reopened.check("Bearer " + secret, Scope.INGEST);
        assertEquals(clock.instant(), open().byName("busy").orElseThrow().lastUsed());
    }

    @Test
    void namesAndScopesAreChecked() throws IOException {
        TokenBook book = open();
        book.create("dup", EnumSet.of(Scope.ADMIN), null, "test");
        assertThrows(IllegalStateException.class, () -> book.create("dup", EnumSet.of(Scope.READ), null, "test"));
        assertThrows(IllegalArgumentException.class, () -> book.create("has space", EnumSet.of(Scope.READ), null, "t"));
        assertThrows(IllegalArgumentException.class, () -> book.create("x", EnumSet.noneOf(Scope.class), null, "t"));
        assertThrows(IllegalArgumentException.class, () -> book.create("y", EnumSet.of(Scope.READ), Duration.ZERO, "t"));
        assertNotNull(book.byName("dup").orElseThrow().created());
        assertEquals(1, book.list().size());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

}
