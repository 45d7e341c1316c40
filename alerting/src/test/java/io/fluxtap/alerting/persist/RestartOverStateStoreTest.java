package io.fluxtap.alerting.persist;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.notify.NotificationLog;
import io.fluxtap.alerting.notify.ReceiverKey;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.Silences;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notification log and the silences over the adapters: a "restart" is new instances over the same port. */
class RestartOverStateStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.000000001Z");

    private final MemoryStateStore port = new MemoryStateStore();
    private final VirtualScheduler scheduler = new VirtualScheduler(T0);

    @Test
    void theNotificationLogRemembersWhatWasSentAcrossARestart() {
        ReceiverKey receiver = new ReceiverKey("team", "webhook", 0);
        new NotificationLog(scheduler, new StateStoreNflogStore(port), NotificationLog.DEFAULT_RETENTION)
                .log(receiver, "{}:{a=\"b\"}", List.of(7L, -3L), List.of(9L), Duration.ofHours(8));

        NotificationLog restarted = new NotificationLog(scheduler, new StateStoreNflogStore(port),
                NotificationLog.DEFAULT_RETENTION);

        var entry = restarted.query("{}:{a=\"b\"}", receiver).orElseThrow();
        assertEquals(T0, entry.timestamp());
        assertEquals(List.of(7L, -3L), entry.firing());
        assertEquals(List.of(9L), entry.resolved());
        assertEquals(T0.plus(Duration.ofHours(8)), entry.expiresAt());
    }

    @Test
    void silencesSurviveARestartAndStillMute() throws Exception {
        Silences silences = new Silences(scheduler, new StateStoreSilenceStore(port), Silences.DEFAULT_RETENTION,
                new AlertMarker());
        String id = silences.set(Silence.of(List.of(new Matcher(Matcher.Type.REGEX, "job", "api|db")), T0,
                T0.plus(Duration.ofHours(2)), "ops", "deploy"));

        Silences restarted = new Silences(scheduler, new StateStoreSilenceStore(port), Silences.DEFAULT_RETENTION,
                new AlertMarker());

        assertEquals(silences.get(id), restarted.get(id));
        assertTrue(restarted.mutes(Labels.of("job", "db"), T0.plusSeconds(60)));
    }

    @Test
    void theRecorderDropsWhatTheHistoryCannotStore() {
        HistoryRecorder recorder = new HistoryRecorder(new AlertHistory() {
            @Override
            public void record(AlertHistory.StateChange change) {
                throw new io.fluxtap.api.StoreException("disk full", null);
            }

            @Override
            public void record(AlertHistory.NotificationAttempt attempt) {
                throw new io.fluxtap.api.StoreException("disk full", null);
            }
        });
        recorder.changed(new AlertHistory.StateChange(T0, "f", "g", "r", Map.of(), Map.of(), AlertHistory.State.PENDING,
                AlertHistory.State.FIRING, 1, 0));
        recorder.attempt(new AlertHistory.NotificationAttempt(T0, "team", "webhook", 0, "k", Map.of(), List.of(),
                AlertHistory.Status.SUCCESS, 200, Duration.ZERO, null, 1));
    }
}
