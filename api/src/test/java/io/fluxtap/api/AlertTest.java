package io.fluxtap.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Labels LABELS = Labels.of("alertname", "HighLatency", "job", "api", "severity", "page");

    @Test
    void anAlertWithoutEndFiresForever() {
        Alert alert = new Alert(LABELS, Labels.of("summary", "p99 above 2s"), START, null, "http://x/graph");
        assertEquals(Alert.Status.FIRING, alert.status(START));
        assertEquals(Alert.Status.FIRING, alert.status(START.plusSeconds(86_400 * 365)));
        assertFalse(alert.isResolvedAt(START.plusSeconds(86_400)));
        assertEquals("firing", alert.status(START).wireName());
    }

    @Test
    void anAlertIsResolvedFromItsEndOn() {
        Instant end = START.plusSeconds(300);
        Alert alert = new Alert(LABELS, Labels.EMPTY, START, null, "").resolvedAt(end);
        assertEquals(Alert.Status.FIRING, alert.status(end.minusNanos(1)), "before its end it still fires");
        assertEquals(Alert.Status.RESOLVED, alert.status(end), "resolved at its end, as Alertmanager's ResolvedAt");
        assertEquals(Alert.Status.RESOLVED, alert.status(end.plusSeconds(1)));
        assertTrue(alert.isResolvedAt(end));
        assertEquals("resolved", alert.status(end).wireName());
        // An end in the future (a rule's endsAt = now + 4 * interval) fires until then.
        assertEquals(Alert.Status.FIRING, alert.status(START.plusSeconds(10)));
    }

    @Test
    void theFingerprintIsTheLabelsOnlyNotAnnotationsOrTimes() {
        Alert a = new Alert(LABELS, Labels.of("summary", "one"), START, null, "");
        Alert b = new Alert(LABELS, Labels.of("summary", "two"), START.plusSeconds(60), START.plusSeconds(120), "u");
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals("a105e054dfb59f59", String.format("%016x", a.fingerprint()));
    }

    @Test
    void defaultsAndRefusals() {
        Alert alert = new Alert(LABELS, null, START, null, null);
        assertEquals(Labels.EMPTY, alert.annotations());
        assertEquals("", alert.generatorURL());
        assertThrows(IllegalArgumentException.class, () -> new Alert(Labels.EMPTY, null, START, null, ""),
                "no labels");
        assertThrows(IllegalArgumentException.class, () -> new Alert(LABELS, null, null, null, ""), "no start");
        assertThrows(IllegalArgumentException.class,
                () -> new Alert(LABELS, null, START, START.minusSeconds(1), ""), "end before start");
        assertThrows(IllegalArgumentException.class, () -> Labels.of("summary text", "x"),
                "annotation names are label names");
    }
}
