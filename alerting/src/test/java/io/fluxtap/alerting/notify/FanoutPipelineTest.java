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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanoutPipelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualScheduler clock = new VirtualScheduler(T0);
    private final NotificationLog log = new NotificationLog(clock, new MemoryNflogStore(), Duration.ofHours(120));
    private final List<String> calls = new ArrayList<>();
    private boolean slackBroken = true;

    private final Receivers receivers = new Receivers() {
        @Override
        public Set<String> names() {
            return Set.of("team");
        }

        @Override
        public List<Integration> integrations(String receiver) {
            Notifier webhook = (context, alerts) -> {
                calls.add("webhook");
                return Notifier.Outcome.delivered();
            };
            Notifier slack = (context, alerts) -> {
                calls.add("slack");
                return slackBroken ? Notifier.Outcome.failed("invalid_token", false) : Notifier.Outcome.delivered();
            };
            return List.of(new Integration("webhook", 0, webhook, true), new Integration("slack", 0, slack, true));
        }
    };

    private final Stage pipeline = NotificationPipeline.build(receivers, (l, t) -> false, (l, t) -> false,
            TimeIntervalLookup.NONE, log, NotifyMetrics.NONE, Backoff.exact(Duration.ofMillis(500), 1.5,
                    Duration.ofSeconds(60)), clock, Runnable::run);

    private NotifyContext context(String receiver) {
        return new NotifyContext(receiver, "{}:{}", Labels.EMPTY, clock.now(), clock.now().plusSeconds(10),
                Duration.ofHours(4), List.of(), List.of(), null, null);
    }

    @Test
    void everyIntegrationIsNotifiedAndDedupedOnItsOwn() throws Exception {
        List<Alert> alerts = List.of(new Alert(Labels.of("alertname", "A"), null, T0, null, ""));
        assertThrows(NotifyException.class, () -> pipeline.exec(context("team"), alerts),
                "one integration failing fails the flush");
        assertEquals(List.of("webhook", "slack"), calls, "the other integration still got it");
        assertTrue(log.query("{}:{}", new ReceiverKey("team", "webhook", 0)).isPresent());
        assertTrue(log.query("{}:{}", new ReceiverKey("team", "slack", 0)).isEmpty());

        slackBroken = false;
        clock.advance(Duration.ofMinutes(5));
        pipeline.exec(context("team"), alerts);
        assertEquals(List.of("webhook", "slack", "slack"), calls, "only the integration that missed it is sent again");
    }

    @Test
    void anUnknownReceiverFails() {
        assertThrows(NotifyException.class, () -> pipeline.exec(context("nobody"),
                List.of(new Alert(Labels.of("alertname", "A"), null, T0, null, ""))));
    }
}
