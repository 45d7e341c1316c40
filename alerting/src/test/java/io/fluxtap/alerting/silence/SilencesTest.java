package io.fluxtap.alerting.silence;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SilencesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Matcher JOB_API = new Matcher(Matcher.Type.EQUAL, "job", "api");

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final AlertMarker marker = new AlertMarker();
    private final MemorySilenceStore store = new MemorySilenceStore();
    private final AtomicLong next = new AtomicLong();
    private final Silences silences = silences();

    private Silences silences() {
        return new Silences(clock, store, Duration.ofHours(1), marker, () -> new UUID(0, next.incrementAndGet()));
    }

    private static Silence silence(List<Matcher> matchers, long startSeconds, long endSeconds) {
        return Silence.of(matchers, T0.plusSeconds(startSeconds), T0.plusSeconds(endSeconds), "me", "why");
    }

    private String invalid(Silence silence) {
        return assertThrows(InvalidSilenceException.class, () -> silences.set(silence)).getMessage();
    }

    @Test
    void validationMessagesAreAlertmanagers() {
        assertEquals("silence invalid: at least one matcher required", invalid(silence(List.of(), 0, 60)));
        assertEquals("silence invalid: at least one matcher must not match the empty string",
                invalid(silence(List.of(new Matcher(Matcher.Type.REGEX, "job", ".*"),
                        new Matcher(Matcher.Type.EQUAL, "team", "")), 0, 60)));
        assertEquals("silence invalid: invalid label matcher 0: invalid label name \"1job\"",
                invalid(silence(List.of(new Matcher(Matcher.Type.EQUAL, "1job", "x")), 0, 60)));
        assertEquals("silence invalid: end time must not be before start time",
                invalid(silence(List.of(JOB_API), 60, 30)));
        assertEquals("silence invalid: invalid zero end timestamp",
                invalid(Silence.of(List.of(JOB_API), T0, null, "", "")));
        assertEquals(List.of(), silences.all(), "nothing stored");
    }

    @Test
    void negativeMatchersDoNotCountAsMatchingEmptyAsInAlertmanager025() throws Exception {
        String id = silences.set(silence(List.of(new Matcher(Matcher.Type.NOT_EQUAL, "job", "api")), 0, 60));
        assertEquals(SilenceState.ACTIVE, silences.get(id).orElseThrow().state(clock.now()));
    }

    @Test
    void apiChecksBeforeSet() {
        assertEquals("Failed to create silence: start time must be before end time",
                silences.checkPosted(silence(List.of(JOB_API), 60, 60)).orElseThrow());
        clock.advance(Duration.ofSeconds(100));
        assertEquals("Failed to create silence: end time can't be in the past",
                silences.checkPosted(silence(List.of(JOB_API), 0, 60)).orElseThrow());
        assertTrue(silences.checkPosted(silence(List.of(JOB_API), 0, 600)).isEmpty());
    }

    @Test
    void statesMutingAndTheMarker() throws Exception {
        Labels api = Labels.of("alertname", "Down", "job", "api");
        String pending = silences.set(silence(List.of(JOB_API), 100, 200));
        assertFalse(silences.mutes(api, clock.now()));
        assertEquals(List.of(pending), marker.status(api.fingerprint()).pendingSilences());
        assertEquals(AlertMarker.State.ACTIVE, marker.status(api.fingerprint()).state());
        clock.advance(Duration.ofSeconds(100));
        assertTrue(silences.mutes(api, clock.now()));
        assertEquals(new AlertMarker.Status(AlertMarker.State.SUPPRESSED, List.of(pending), List.of(), List.of()),
                marker.status(api.fingerprint()));
        assertFalse(silences.mutes(Labels.of("alertname", "Down", "job", "db"), clock.now()));
        assertEquals(List.of(pending), silences.query(EnumSet.of(SilenceState.ACTIVE)).stream().map(Silence::id)
                .toList());
        clock.advance(Duration.ofSeconds(101));
        assertFalse(silences.mutes(api, clock.now()));
        assertEquals(1, silences.query(EnumSet.of(SilenceState.EXPIRED)).size());
    }

    @Test
    void newSilenceStartingInThePastStartsNow() throws Exception {
        clock.advance(Duration.ofSeconds(50));
        String id = silences.set(silence(List.of(JOB_API), 0, 600));
        assertEquals(clock.now(), silences.get(id).orElseThrow().startsAt());
        assertEquals(clock.now(), silences.get(id).orElseThrow().updatedAt());
    }

    @Test
    void updateKeepingMatchersChangesInPlaceOtherwiseExpiresAndCreates() throws Exception {
        String id = silences.set(silence(List.of(JOB_API), 0, 600));
        Silence stored = silences.get(id).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        Silence longer = new Silence(id, stored.matchers(), stored.startsAt(), T0.plusSeconds(1200), null, "me", "x");
        assertEquals(id, silences.set(longer), "same matchers, active, same start: in place");
        assertEquals(T0.plusSeconds(1200), silences.get(id).orElseThrow().endsAt());

        Silence other = new Silence(id, List.of(new Matcher(Matcher.Type.EQUAL, "job", "db")), stored.startsAt(),
                T0.plusSeconds(1200), null, "me", "x");
        String newId = silences.set(other);
        assertNotEquals(id, newId);
        assertEquals(clock.now(), silences.get(id).orElseThrow().endsAt(), "the old one expired now");
        assertEquals(List.of(new Matcher(Matcher.Type.EQUAL, "job", "db")),
                silences.get(newId).orElseThrow().matchers());
    }

    @Test
    void badUpdateLeavesTheOldSilenceRunning() throws Exception {
        String id = silences.set(silence(List.of(JOB_API), 0, 600));
        assertThrows(InvalidSilenceException.class, () -> silences.set(new Silence(id, List.of(), T0,
                T0.plusSeconds(600), null, "", "")));
        assertEquals(SilenceState.ACTIVE, silences.get(id).orElseThrow().state(clock.now()));
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThrows(SilenceNotFoundException.class, () -> silences.expire("nope"));
        assertEquals("silence not found", assertThrows(SilenceNotFoundException.class,
                () -> silences.set(new Silence("nope", List.of(JOB_API), T0, T0.plusSeconds(5), null, "", "")))
                .getMessage());
    }

    @Test
    void expireActiveAndPending() throws Exception {
        String active = silences.set(silence(List.of(JOB_API), 0, 600));
        String pending = silences.set(silence(List.of(JOB_API), 300, 600));
        clock.advance(Duration.ofSeconds(10));
        silences.expire(active);
        silences.expire(pending);
        assertEquals(T0.plusSeconds(10), silences.get(active).orElseThrow().endsAt());
        assertEquals(T0.plusSeconds(10), silences.get(pending).orElseThrow().startsAt());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(SilenceState.EXPIRED), Set.copyOf(silences.all().stream()
                .map(s -> s.state(clock.now())).toList()));
        silences.expire(active); // expiring an expired silence changes nothing
        assertEquals(T0.plusSeconds(10), silences.get(active).orElseThrow().endsAt());
    }

    @Test
    void gcAfterRetentionAndRestartFromTheStore() throws Exception {
        String id = silences.set(silence(List.of(JOB_API), 0, 600));
        String later = silences.set(silence(List.of(JOB_API), 0, 6000));
        Silences restarted = silences();
        assertEquals(List.of(id, later), restarted.all().stream().map(Silence::id).sorted().toList());
        clock.advance(Duration.ofSeconds(600 + 3599));
        assertEquals(0, restarted.gc());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, restarted.gc(), "end + 1 h retention");
        assertEquals(List.of(later), silences().all().stream().map(Silence::id).toList(), "gone from the store too");
    }
}
