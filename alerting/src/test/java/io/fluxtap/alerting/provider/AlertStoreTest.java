package io.fluxtap.alerting.provider;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Labels DOWN = Labels.of("alertname", "Down", "job", "api");

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final AlertMarker marker = new AlertMarker();
    private final AlertStore store = new AlertStore(clock, () -> Duration.ofMinutes(5), marker);

    private static Alert alert(long startSeconds, Long endSeconds) {
        return new Alert(DOWN, Labels.EMPTY, T0.plusSeconds(startSeconds),
                endSeconds == null ? null : T0.plusSeconds(endSeconds), "");
    }

    private StoredAlert stored() {
        return store.get(DOWN.fingerprint()).orElseThrow();
    }

    @Test
    void anAlertWithoutEndGetsTheResolveTimeoutAndTheNextPostMovesIt() {
        store.post(List.of(alert(0, null)));
        assertEquals(T0.plusSeconds(300), stored().alert().endsAt());
        assertTrue(stored().timeout());
        assertEquals(T0, stored().updatedAt());
        clock.advance(Duration.ofSeconds(60));
        store.post(List.of(alert(0, null)));
        assertEquals(T0.plusSeconds(360), stored().alert().endsAt(), "re-posted: a new guess from now");
        clock.advance(Duration.ofSeconds(360));
        assertTrue(stored().isResolvedAt(clock.now()), "not re-posted: resolved by the timeout");
    }

    @Test
    void anExplicitEndWinsOverATimeoutGuess() {
        store.post(List.of(alert(0, null)));               // ends at 300 (guess)
        clock.advance(Duration.ofSeconds(10));
        store.post(List.of(alert(0, 20L)));                 // resolved at 20, explicitly
        assertEquals(T0.plusSeconds(20), stored().alert().endsAt());
        assertFalse(stored().timeout());
    }

    @Test
    void mergeKeepsTheEarliestStartAndALaterExplicitEnd() {
        store.post(List.of(alert(0, 600L)));
        clock.advance(Duration.ofSeconds(10));
        store.post(List.of(alert(100, 400L)));              // starts inside: merged
        assertEquals(T0, stored().alert().startsAt());
        assertEquals(T0.plusSeconds(600), stored().alert().endsAt(), "the older explicit later end wins");
        assertEquals(T0.plusSeconds(10), stored().updatedAt());
    }

    @Test
    void aNewAlertAfterTheOldOneEndedReplacesIt() {
        store.post(List.of(alert(0, 100L)));
        clock.advance(Duration.ofSeconds(200));
        store.post(List.of(alert(200, null)));
        assertEquals(T0.plusSeconds(200), stored().alert().startsAt(), "no overlap: no merge");
    }

    @Test
    void bothResolvedTheLaterEndWins() {
        StoredAlert older = new StoredAlert(alert(0, 50L), T0, false);
        StoredAlert younger = new StoredAlert(alert(10, 40L), T0.plusSeconds(1), false);
        StoredAlert merged = older.merge(younger, T0.plusSeconds(100));
        assertEquals(T0.plusSeconds(50), merged.alert().endsAt());
        assertEquals(T0, merged.alert().startsAt());
        assertEquals(merged, younger.merge(older, T0.plusSeconds(100)), "order of the call does not matter");
    }

    @Test
    void anEndGuessedLaterThanStartIsRefusedAsAlertmanagerDoes() {
        List<String> errors = store.post(List.of(alert(3600, null), alert(0, null)));
        assertEquals(List.of("start time must be before end time"), errors);
        assertEquals(T0, stored().alert().startsAt(), "the valid alert was still taken");
    }

    @Test
    void subscribersGetTheStoredAlertsThenEveryPut() throws Exception {
        store.post(List.of(alert(0, null)));
        List<StoredAlert> seen = new ArrayList<>();
        AutoCloseable subscription = store.subscribe(seen::add);
        assertEquals(1, seen.size());
        store.post(List.of(alert(0, null)));
        assertEquals(2, seen.size());
        subscription.close();
        store.post(List.of(alert(0, null)));
        assertEquals(2, seen.size());
    }

    @Test
    void gcRemovesResolvedAlertsAndTheirMarks() {
        Labels other = Labels.of("alertname", "Other");
        store.post(List.of(alert(0, 100L), new Alert(other, null, T0, T0.plus(Duration.ofHours(2)), "")));
        marker.setSilenced(DOWN.fingerprint(), List.of("x"), List.of());
        store.startGc(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(2, store.list().size(), "resolved but not collected before the GC interval");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(other), store.list().stream().map(a -> a.alert().labels()).toList());
        assertEquals(AlertMarker.Status.UNPROCESSED, marker.status(DOWN.fingerprint()));
        store.stop();
        clock.advance(Duration.ofHours(3));
        assertEquals(1, store.list().size(), "stopped: no more GC");
    }
}
