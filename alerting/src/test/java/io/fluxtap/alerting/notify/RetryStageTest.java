package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryStageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final List<Duration> attempts = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final NotifyMetrics recording = new NotifyMetrics() {
        @Override
        public void notification(String integration, String receiver) {
            metrics.add("notification " + integration + " " + receiver);
        }

        @Override
        public void failed(String integration, String receiver, String reason) {
            metrics.add("failed " + integration + " " + receiver + " " + reason);
        }

        @Override
        public void latency(String integration, String receiver, Duration latency) {
        }
    };
    private final Alert firing = new Alert(Labels.of("alertname", "Down"), null, T0, null, "");
    private final Alert resolved = new Alert(Labels.of("alertname", "Gone"), null, T0, T0, "");

    private NotifyContext context(Duration timeout) {
        return new NotifyContext("team", "{}:{}", Labels.EMPTY, clock.now(), clock.now().plus(timeout),
                Duration.ofHours(4), List.of(), List.of(), List.of(firing.fingerprint()),
                List.of(resolved.fingerprint()));
    }

    private RetryStage stage(Notifier notifier, boolean sendResolved) {
        return new RetryStage(new Integration("webhook", 0, notifier, sendResolved), "team", recording,
                Backoff.exact(Duration.ofMillis(500), 1.5, Duration.ofSeconds(2)), clock);
    }

    private Notifier failingTimes(int failures, boolean retryable) {
        return (context, alerts) -> {
            attempts.add(Duration.between(T0, clock.now()));
            return attempts.size() <= failures ? Notifier.Outcome.failed("503", retryable)
                    : Notifier.Outcome.delivered();
        };
    }

    @Test
    void retryableFailuresAreRetriedWithExponentialBackoff() throws Exception {
        stage(failingTimes(4, true), true).exec(context(Duration.ofSeconds(10)), List.of(firing));
        // waits 0.5, 0.75, 1.125, 1.6875 s (each × 1.5, under the 2 s cap)
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(1250),
                Duration.ofMillis(2375), Duration.ofNanos(4_062_500_000L)), attempts);
        assertEquals(List.of("notification webhook team"), metrics);
    }

    @Test
    void theWaitIsCappedAtTheMaximum() {
        Backoff backoff = Backoff.exact(Duration.ofMillis(500), 1.5, Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(2), backoff.wait(10));
        Backoff jittered = new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0.5, () -> 0.0);
        assertEquals(Duration.ofMillis(500), jittered.wait(1), "lower bound of the jitter");
    }

    @Test
    void aNonRetryableFailureStopsAtOnce() {
        NotifyException e = assertThrows(NotifyException.class,
                () -> stage(failingTimes(5, false), true).exec(context(Duration.ofSeconds(10)), List.of(firing)));
        assertEquals(List.of(Duration.ZERO), attempts);
        assertTrue(e.getMessage().contains("unrecoverable error after 1 attempts: 503"), e.getMessage());
        assertEquals(List.of("notification webhook team", "failed webhook team unrecoverable"), metrics);
    }

    @Test
    void retryingStopsAtTheDeadline() {
        NotifyException e = assertThrows(NotifyException.class,
                () -> stage(failingTimes(100, true), true).exec(context(Duration.ofSeconds(5)), List.of(firing)));
        // 0, 0.5, 1.25, 2.375, 4.0625; the next (6.0625) would pass the 5 s deadline.
        assertEquals(5, attempts.size());
        assertTrue(e.getMessage().contains("notify retry canceled after 5 attempts"), e.getMessage());
        assertEquals(List.of("notification webhook team", "failed webhook team deadline"), metrics);
    }

    @Test
    void anEscapingExceptionIsRetried() throws Exception {
        int[] calls = {0};
        stage((context, alerts) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("boom");
            }
            return Notifier.Outcome.delivered();
        }, true).exec(context(Duration.ofSeconds(10)), List.of(firing));
        assertEquals(2, calls[0]);
    }

    @Test
    void withoutSendResolvedOnlyFiringAlertsGoAndNothingWhenNoneFires() throws Exception {
        List<List<Alert>> got = new ArrayList<>();
        RetryStage stage = stage((context, alerts) -> {
            got.add(alerts);
            return Notifier.Outcome.delivered();
        }, false);
        stage.exec(context(Duration.ofSeconds(10)), List.of(firing, resolved));
        NotifyContext allResolved = context(Duration.ofSeconds(10)).withAlerts(List.of(), List.of(1L));
        Stage.Step step = stage.exec(allResolved, List.of(resolved));
        assertEquals(List.of(List.of(firing)), got);
        assertEquals(List.of(resolved), step.alerts(), "passed on, so the log records the resolution");
    }
}
