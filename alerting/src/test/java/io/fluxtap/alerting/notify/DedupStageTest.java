package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupStageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration REPEAT = Duration.ofHours(4);
    private static final ReceiverKey KEY = new ReceiverKey("team", "webhook", 0);

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final NotificationLog log = new NotificationLog(clock, new MemoryNflogStore(), Duration.ofHours(120));

    private static NflogEntry entry(List<Long> firing, List<Long> resolved, Instant at) {
        return new NflogEntry("g", KEY, at, firing, resolved, at.plus(Duration.ofDays(1)));
    }

    @Test
    void needsUpdateAsAlertmanager() {
        DedupStage withResolved = new DedupStage(log, KEY, true);
        DedupStage withoutResolved = new DedupStage(log, KEY, false);
        Instant now = T0.plus(Duration.ofMinutes(5));
        NflogEntry fired12 = entry(List.of(1L, 2L), List.of(), T0);
        assertFalse(withResolved.needsUpdate(null, Set.of(), Set.of(3L), REPEAT, now), "nothing logged, none firing");
        assertTrue(withResolved.needsUpdate(null, Set.of(1L), Set.of(), REPEAT, now));
        assertTrue(withResolved.needsUpdate(fired12, Set.of(1L, 3L), Set.of(), REPEAT, now), "a new firing alert");
        assertFalse(withResolved.needsUpdate(fired12, Set.of(1L, 2L), Set.of(), REPEAT, now), "unchanged");
        assertTrue(withResolved.needsUpdate(fired12, Set.of(), Set.of(1L, 2L), REPEAT, now), "all resolved");
        assertTrue(withoutResolved.needsUpdate(fired12, Set.of(), Set.of(1L, 2L), REPEAT, now),
                "all resolved: logged even without send_resolved (the retry stage then sends nothing)");
        assertFalse(withResolved.needsUpdate(entry(List.of(), List.of(1L), T0), Set.of(), Set.of(1L), REPEAT, now),
                "resolution already notified");
        assertTrue(withResolved.needsUpdate(fired12, Set.of(1L), Set.of(2L), REPEAT, now), "partly resolved");
        assertFalse(withoutResolved.needsUpdate(fired12, Set.of(1L), Set.of(2L), REPEAT, now));
        assertFalse(withResolved.needsUpdate(fired12, Set.of(1L, 2L), Set.of(), REPEAT, T0.plus(REPEAT)),
                "exactly repeat_interval later: not yet (Before, not !After)");
        assertTrue(withResolved.needsUpdate(fired12, Set.of(1L, 2L), Set.of(), REPEAT,
                T0.plus(REPEAT).plusNanos(1)));
    }

    @Test
    void execPutsTheFingerprintsIntoTheContext() {
        Alert firing = new Alert(Labels.of("alertname", "A"), null, T0, null, "");
        Alert resolved = new Alert(Labels.of("alertname", "B"), null, T0, T0, "");
        NotifyContext context = new NotifyContext("team", "g", Labels.EMPTY, T0, T0.plusSeconds(10), REPEAT,
                List.of(), List.of(), null, null);
        Stage.Step step = new DedupStage(log, KEY, true).exec(context, List.of(firing, resolved));
        assertEquals(List.of(firing.fingerprint()), step.context().firing());
        assertEquals(List.of(resolved.fingerprint()), step.context().resolved());
        assertEquals(2, step.alerts().size());
    }

    @Test
    void theLogKeepsEntriesForTwiceTheRepeatIntervalAndSurvivesARestart() {
        MemoryNflogStore store = new MemoryNflogStore();
        NotificationLog first = new NotificationLog(clock, store, Duration.ofHours(120));
        first.log(KEY, "g", List.of(1L), List.of(), REPEAT.multipliedBy(2));
        NotificationLog restarted = new NotificationLog(clock, store, Duration.ofHours(120));
        assertEquals(T0.plus(Duration.ofHours(8)), restarted.query("g", KEY).orElseThrow().expiresAt());
        clock.advance(Duration.ofHours(8).minusNanos(1));
        assertEquals(0, restarted.gc());
        clock.advance(Duration.ofNanos(1));
        assertEquals(1, restarted.gc());
        assertTrue(new NotificationLog(clock, store, Duration.ofHours(120)).query("g", KEY).isEmpty());
        restarted.log(KEY, "g", List.of(1L), List.of(), Duration.ofDays(30));
        assertEquals(clock.now().plus(Duration.ofHours(120)), restarted.query("g", KEY).orElseThrow().expiresAt(),
                "an expiry above the retention: the retention");
    }
}
