package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.api.Alert;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every delivery attempt reaches {@link NotifyMetrics#attempt}, with what the notification history keeps. */
class RetryStageHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final List<AlertHistory.NotificationAttempt> attempts = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final NotifyMetrics history = new NotifyMetrics() {
        @Override
        public void notification(String integration, String receiver) {
            metrics.add("notification");
        }

        @Override
        public void failed(String integration, String receiver, String reason) {
            metrics.add("failed " + reason);
        }

        @Override
        public void latency(String integration, String receiver, Duration latency) {
            metrics.add("latency");
        }

        @Override
        public void attempt(AlertHistory.NotificationAttempt attempt) {
            attempts.add(attempt);
        }
    };
    private final Alert firing = new Alert(Labels.of("alertname", "Down", "job", "api"), null, T0, null, "");
    private final Alert resolved = new Alert(Labels.of("alertname", "Gone"), null, T0, T0, "");

    private NotifyContext context() {
        return new NotifyContext("team", "{}:{job=\"api\"}", Labels.of("job", "api"), clock.now(),
                clock.now().plusSeconds(10), Duration.ofHours(4), List.of(), List.of(), List.of(firing.fingerprint()),
                List.of(resolved.fingerprint()));
    }

    private RetryStage stage(Notifier notifier, NotifyMetrics metrics) {
        return new RetryStage(new Integration("slack", 1, notifier, true), "team", metrics,
                Backoff.exact(Duration.ofMillis(500), 1.5, Duration.ofSeconds(2)), clock);
    }

    @Test
    void aFailedAttemptAndTheRetryThatSucceededAreBothRecorded() throws Exception {
        int[] calls = {0};
        stage((context, alerts) -> calls[0]++ == 0 ? Notifier.Outcome.failed("slack answered 503", true, 503)
                : Notifier.Outcome.delivered(200), history).exec(context(), List.of(firing, resolved));

        assertEquals(2, attempts.size());
        AlertHistory.NotificationAttempt failed = attempts.get(0);
        assertEquals(T0, failed.ts());
        assertEquals("team", failed.receiver());
        assertEquals("slack", failed.integration());
        assertEquals(1, failed.integrationIndex());
        assertEquals("{}:{job=\"api\"}", failed.groupKey());
        assertEquals(Map.of("job", "api"), failed.groupLabels());
        assertEquals(List.of(
                new AlertHistory.NotifiedAlert(firing.fingerprint(), Map.of("alertname", "Down", "job", "api"), "firing"),
                new AlertHistory.NotifiedAlert(resolved.fingerprint(), Map.of("alertname", "Gone"), "resolved")),
                failed.alerts());
        assertEquals(AlertHistory.Status.FAILED, failed.status());
        assertEquals(503, failed.httpStatus());
        assertEquals("slack answered 503", failed.error());
        assertEquals(1, failed.attempt());

        AlertHistory.NotificationAttempt retried = attempts.get(1);
        assertEquals(T0.plusMillis(500), retried.ts(), "after the backoff's wait");
        assertEquals(AlertHistory.Status.SUCCESS, retried.status());
        assertEquals(200, retried.httpStatus());
        assertNull(retried.error());
        assertEquals(2, retried.attempt());
    }

    @Test
    void anUnrecoverableFailureIsRecordedWithoutAnHttpStatusWhenTheNotifierGaveNone() {
        assertThrows(NotifyException.class, () -> stage((context, alerts) ->
                Notifier.Outcome.failed("connection refused", false), history).exec(context(), List.of(firing)));
        assertEquals(1, attempts.size());
        assertEquals(0, attempts.get(0).httpStatus());
        assertEquals("connection refused", attempts.get(0).error());
    }

    @Test
    void andThenCallsBothInOrder() throws Exception {
        List<String> order = new ArrayList<>();
        NotifyMetrics first = new Recording("first", order);
        NotifyMetrics second = new Recording("second", order);
        stage((context, alerts) -> Notifier.Outcome.delivered(), first.andThen(second)).exec(context(), List.of(firing));
        assertEquals(List.of("first notification", "second notification", "first latency", "second latency",
                "first attempt", "second attempt"), order);
    }

    private record Recording(String name, List<String> order) implements NotifyMetrics {
        @Override
        public void notification(String integration, String receiver) {
            order.add(name + " notification");
        }

        @Override
        public void failed(String integration, String receiver, String reason) {
            order.add(name + " failed");
        }

        @Override
        public void latency(String integration, String receiver, Duration latency) {
            order.add(name + " latency");
        }

        @Override
        public void attempt(AlertHistory.NotificationAttempt attempt) {
            order.add(name + " attempt");
        }
    }
}
