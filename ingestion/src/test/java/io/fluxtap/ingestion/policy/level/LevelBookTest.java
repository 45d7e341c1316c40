package io.fluxtap.ingestion.policy.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.StoreException;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelBookTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final MemoryStateStore store = new MemoryStateStore(clock);
    private final List<LevelChange> audited = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final LevelBook book = book();

    private LevelBook book() {
        LevelBook b = new LevelBook(LevelSettings.defaults(), clock, store, audited::add);
        b.onChange(changed::add);
        return b;
    }

    @Test
    void anOverrideEndsExactlyAtItsExpiry() {
        LevelOverride set = book.set("checkout", Level.DEBUG, Duration.ofMinutes(15), "incident 42", "10.0.0.7");
        assertEquals(Instant.parse("2026-12-02T08:15:00Z"), set.expiresAt());

        clock.advance(Duration.ofMinutes(15).minusNanos(1));
        assertEquals(Level.DEBUG, book.level("checkout").level());

        clock.advance(Duration.ofNanos(1));
        assertEquals(Level.TRACE, book.level("checkout").level(), "back to the default at expiry");
        assertNull(book.override("checkout"));
        assertTrue(book.overrides().isEmpty());
        assertEquals(List.of("set", "expire"), audited.stream().map(LevelChange::action).toList());
        assertEquals(List.of("checkout", "checkout"), changed);
        assertTrue(set.version() < book.level("checkout").version(), "expiry is a new version");
    }

    @Test
    void verboseLevelsTakeTheDefaultTtlAndRefuseOneOverTheMaximum() {
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)),
                book.set("a", Level.TRACE, null, "", "me").expiresAt());
        LevelRequestException tooLong = assertThrows(LevelRequestException.class,
                () -> book.set("b", Level.TRACE, Duration.ofHours(2), "", "me"));
        assertEquals("ttl", tooLong.field());
        assertNull(book.override("b"), "nothing applied");
        assertEquals("level", assertThrows(LevelRequestException.class,
                () -> book.set("b", Level.UNSPECIFIED, null, "", "me")).field());
        assertNull(book.set("c", Level.ERROR, null, "", "me").expiresAt(), "non-verbose levels may stay");
        assertEquals(2, audited.size(), "refusals are not audited");
    }

    @Test
    void overridesAndVersionsSurviveARestartOverTheSameStore() {
        book.set("a", Level.WARN, null, "noisy", "10.0.0.1");
        LevelOverride b = book.set("b", Level.DEBUG, Duration.ofMinutes(30), "", "10.0.0.2");
        book.clear("a", "10.0.0.1");
        LevelOverride c = book.set("c", Level.ERROR, Duration.ofMinutes(10), "", "10.0.0.3");

        clock.advance(Duration.ofMinutes(20));
        LevelBook restarted = new LevelBook(LevelSettings.defaults(), clock, store, audited::add);

        assertEquals(List.of("b"), restarted.overrides().stream().map(LevelOverride::service).toList(),
                "c expired while down, a was cleared");
        assertEquals(b, restarted.override("b"));
        LevelOverride next = restarted.set("d", Level.INFO, null, "", "x");
        assertTrue(next.version() > c.version(), "versions keep growing: " + next.version() + " > " + c.version());
    }

    @Test
    void aChangeTheStoreRefusesLeavesNothingBehind() {
        book.set("a", Level.WARN, null, "", "me");
        StateStore failing = new StateStore() {
            @Override
            public void put(String namespace, String key, String json, Instant expiresAt) {
                throw new StoreException("disk full", new java.io.IOException("ENOSPC"));
            }

            @Override
            public void delete(String namespace, String key) {
                throw new StoreException("disk full", new java.io.IOException("ENOSPC"));
            }

            @Override
            public List<Entry> load(String namespace) {
                return store.load(namespace);
            }
        };
        LevelBook broken = new LevelBook(LevelSettings.defaults(), clock, failing, audited::add);
        audited.clear();
        assertThrows(StoreException.class, () -> broken.set("a", Level.ERROR, null, "", "me"));
        assertThrows(StoreException.class, () -> broken.clear("a", "me"));
        assertEquals(Level.WARN, broken.level("a").level());
        assertTrue(audited.isEmpty());
    }

    @Test
    void clearingAServiceWithoutOverrideChangesNothing() {
        assertFalse(book.clear("nobody", "me"));
        assertEquals(0, book.level("nobody").version());
        assertTrue(audited.isEmpty());
    }
}
