package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeMuteStageTest {

    private static final Instant NIGHT = Instant.parse("2026-01-01T02:00:00Z");
    private static final Instant DAY = Instant.parse("2026-01-01T12:00:00Z");
    private static final TimeIntervalLookup INTERVALS = (name, at) -> switch (name) {
        case "nights" -> at.atZone(java.time.ZoneOffset.UTC).getHour() < 6;
        default -> throw new IllegalArgumentException("time interval " + name + " doesn't exist in config");
    };
    private static final List<Alert> ALERTS = List.of(new Alert(Labels.of("alertname", "A"), null, NIGHT, null, ""));

    private static NotifyContext context(Instant now, List<String> mute, List<String> active) {
        return new NotifyContext("team", "g", Labels.EMPTY, now, now.plusSeconds(10), Duration.ofHours(4), mute,
                active, null, null);
    }

    @Test
    void muteIntervalsDropInsideThem() throws Exception {
        TimeMuteStage stage = new TimeMuteStage(INTERVALS, false);
        assertEquals(List.of(), stage.exec(context(NIGHT, List.of("nights"), List.of()), ALERTS).alerts());
        assertEquals(ALERTS, stage.exec(context(DAY, List.of("nights"), List.of()), ALERTS).alerts());
        assertEquals(ALERTS, stage.exec(context(NIGHT, List.of(), List.of()), ALERTS).alerts());
    }

    @Test
    void activeIntervalsDropOutsideThem() throws Exception {
        TimeMuteStage stage = new TimeMuteStage(INTERVALS, true);
        assertEquals(ALERTS, stage.exec(context(NIGHT, List.of(), List.of("nights")), ALERTS).alerts());
        assertEquals(List.of(), stage.exec(context(DAY, List.of(), List.of("nights")), ALERTS).alerts());
        assertEquals(ALERTS, stage.exec(context(DAY, List.of(), List.of()), ALERTS).alerts(), "none: always active");
    }

    @Test
    void anUnknownIntervalFailsTheNotification() {
        assertEquals("time interval weekends doesn't exist in config", assertThrows(NotifyException.class,
                () -> new TimeMuteStage(INTERVALS, false).exec(context(DAY, List.of("weekends"), List.of()), ALERTS))
                .getMessage());
    }
}
