package io.fluxtap.api;

import io.fluxtap.api.Notifier.Context;
import io.fluxtap.api.Notifier.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifierTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aNotifierSaysDeliveredOrFailedAndWhetherToRetry() {
        List<Integer> answers = new ArrayList<>(List.of(503, 400, 200));
        Notifier webhook = (context, alerts) -> {
            int status = answers.removeFirst();
            return status / 100 == 2 ? Outcome.delivered()
                    : Outcome.failed("webhook answered " + status, status >= 500 || status == 429);
        };
        Context context = new Context("team-x", "{}:{alertname=\"HighLatency\"}", Labels.of("alertname", "HighLatency"),
                NOW, NOW.plusSeconds(10));
        List<Alert> alerts = List.of(new Alert(Labels.of("alertname", "HighLatency"), null, NOW, null, ""));

        Outcome.Failed unavailable = assertInstanceOf(Outcome.Failed.class, webhook.notify(context, alerts));
        assertTrue(unavailable.retryable());
        assertEquals("webhook answered 503", unavailable.reason());
        Outcome.Failed refused = assertInstanceOf(Outcome.Failed.class, webhook.notify(context, alerts));
        assertFalse(refused.retryable());
        assertSame(Outcome.delivered(), webhook.notify(context, alerts));
    }

    @Test
    void theContextNeedsEveryField() {
        assertThrows(NullPointerException.class, () -> new Context(null, "k", Labels.EMPTY, NOW, NOW));
        assertThrows(NullPointerException.class, () -> new Context("r", "k", Labels.EMPTY, NOW, null));
        assertThrows(NullPointerException.class, () -> Outcome.failed(null, true));
    }
}
