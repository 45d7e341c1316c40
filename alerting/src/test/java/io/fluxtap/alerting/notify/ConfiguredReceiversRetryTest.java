package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.notify.http.CaptureServer;
import io.fluxtap.alerting.notify.http.CaptureServer.Answer;
import io.fluxtap.alerting.notify.http.Fixtures;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured webhook behind the pipeline's RetryStage: the notifier's outcomes drive Alertmanager's retries. */
class ConfiguredReceiversRetryTest {

    private final VirtualScheduler clock = new VirtualScheduler(Fixtures.NOW);

    private RetryStage stage(CaptureServer server) {
        AlertmanagerConfig config = AlertmanagerConfig.parse("""
                route:
                  receiver: team-x
                receivers:
                - name: team-x
                  webhook_configs:
                  - url: %s
                """.formatted(server.url("/hook")), Path.of("."));
        Integration webhook = new ConfiguredReceivers(config, NotificationTemplates.defaults(), "")
                .integrations("team-x").getFirst();
        return new RetryStage(webhook, "team-x", NotifyMetrics.NONE,
                Backoff.exact(Duration.ofMillis(500), 1.5, Duration.ofSeconds(2)), clock);
    }

    private NotifyContext context() {
        return new NotifyContext("team-x", Fixtures.GROUP_KEY, Labels.of("alertname", "HighLatency"), clock.now(),
                clock.now().plusSeconds(10), Duration.ofHours(4), List.of(), List.of(),
                List.of(Fixtures.FIRING.fingerprint()), List.of());
    }

    @Test
    void serverErrorsAreRetriedUntilDelivered() throws Exception {
        try (CaptureServer server = CaptureServer.start()) {
            server.answer(Answer.of(503));
            server.answer(Answer.of(502));

            stage(server).exec(context(), List.of(Fixtures.FIRING));

            assertEquals(3, server.requests().size());
            assertEquals(server.requests().get(0).body(), server.requests().get(2).body());
        }
    }

    @Test
    void aClientErrorIsGivenUpAtOnce() throws IOException {
        try (CaptureServer server = CaptureServer.start()) {
            server.answer(Answer.of(400, "text/plain", "bad payload"));

            NotifyException e = assertThrows(NotifyException.class,
                    () -> stage(server).exec(context(), List.of(Fixtures.FIRING)));

            assertEquals(1, server.requests().size());
            assertTrue(e.getMessage().endsWith("unrecoverable error after 1 attempts: unexpected status code 400: "
                    + "bad payload"), e.getMessage());
        }
    }
}
