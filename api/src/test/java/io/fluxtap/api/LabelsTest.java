package io.fluxtap.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsTest {

    /**
     * Fingerprints Alertmanager 0.25.0 (Debian's prometheus-alertmanager) showed in GET /api/v2/alerts for alerts
     * posted with these labels; the last one was posted with an extra {@code "b": ""}, which it dropped too.
     */
    @Test
    void fingerprintIsAlertmanagersForTheSameLabels() {
        assertEquals("a105e054dfb59f59", hex(Labels.of("alertname", "HighLatency", "job", "api", "severity", "page")));
        assertEquals("d3b971819376d835", hex(Labels.of("a", "1")));
        assertEquals("601354bc4cf7eec8", hex(Labels.of("zeta", "ü✓", "alpha", "x y")));
        assertEquals("55d381072a9ab002", hex(Labels.of("alertname", "X", "b", "", "c", "3")));
        assertEquals(0xcbf29ce484222325L, Labels.EMPTY.fingerprint(), "the empty set hashes to FNV's offset basis");
    }

    @Test
    void fingerprintDoesNotDependOnTheOrderLabelsAreGivenIn() {
        Labels forward = Labels.of("a", "1", "b", "2", "c", "3");
        Labels backward = Labels.of("c", "3", "b", "2", "a", "1");
        Labels fromMap = Labels.of(Map.of("b", "2", "c", "3", "a", "1"));
        assertEquals(forward.fingerprint(), backward.fingerprint());
        assertEquals(forward.fingerprint(), fromMap.fingerprint());
        assertEquals(forward, backward);
        assertEquals(forward, fromMap);
        assertEquals(forward.hashCode(), fromMap.hashCode());
        // The separator keeps "ab"="c" apart from "a"="bc".
        assertNotEquals(Labels.of("ab", "c").fingerprint(), Labels.of("a", "bc").fingerprint());
        assertNotEquals(Labels.of("a", "1"), Labels.of("a", "2"));
    }

    @Test
    void labelsAreSortedByName() {
        Labels labels = Labels.of("zone", "eu", "__name__", "up", "Job", "api", "job", "web", "_x", "1");
        assertEquals(List.of("Job", "__name__", "_x", "job", "zone"),
                labels.list().stream().map(Labels.Label::name).toList(), "byte order, as Prometheus sorts");
        assertEquals(new TreeMap<>(Map.of("zone", "eu", "__name__", "up", "Job", "api", "job", "web", "_x", "1")),
                labels.asMap());
        assertEquals("{Job=\"api\", __name__=\"up\", _x=\"1\", job=\"web\", zone=\"eu\"}", labels.toString());
    }

    @Test
    void getWithAndWithoutMakeNewSets() {
        Labels labels = Labels.of("job", "api", "severity", "page");
        assertEquals("api", labels.get("job"));
        assertNull(labels.get("instance"));
        assertTrue(labels.has("severity"));

        Labels ticket = labels.with("severity", "ticket");
        assertEquals(Labels.of("job", "api", "severity", "ticket"), ticket);
        assertEquals("page", labels.get("severity"), "the original set is unchanged");
        assertEquals(Labels.of("instance", "a:1", "job", "api", "severity", "page"), labels.with("instance", "a:1"));
        assertEquals(Labels.of("job", "api"), labels.without("severity", "absent"));
        assertSame(labels, labels.without("absent"));
        assertEquals(labels.without("severity"), labels.with("severity", ""), "an empty value removes the label");
        assertThrows(UnsupportedOperationException.class, () -> labels.list().add(new Labels.Label("a", "b")));
    }

    @Test
    void emptyValuesAreAbsentLabels() {
        Labels labels = Labels.of("job", "api", "instance", "");
        assertEquals(1, labels.size());
        assertFalse(labels.has("instance"));
        assertEquals(Labels.of("job", "api"), labels);
        assertTrue(Labels.of("a", "").isEmpty());
    }

    @Test
    void namesAreValidatedAsPrometheusDoes() {
        for (String valid : List.of("a", "_", "__name__", "job", "A1_b2", "_0")) {
            assertEquals(valid, Labels.of(valid, "v").list().get(0).name());
        }
        for (String invalid : List.of("", "0a", "a-b", "a.b", "a:b", "ü", "a b", " a")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.of(invalid, "v"),
                    invalid);
            assertEquals("invalid label name \"" + invalid + "\": a label name must match [a-zA-Z_][a-zA-Z0-9_]*",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Labels.EMPTY.with(invalid, "v"), invalid);
        }
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"), "a name given twice");
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a"), "an odd number of strings");
        assertThrows(NullPointerException.class, () -> Labels.of("a", null));
    }

    @Test
    void valuesMayHoldAnyText() {
        Labels labels = Labels.of("msg", "say \"hi\"\n\\ ü✓");
        assertEquals("say \"hi\"\n\\ ü✓", labels.get("msg"));
        assertEquals("{msg=\"say \\\"hi\\\"\\n\\\\ ü✓\"}", labels.toString());
    }

    private static String hex(Labels labels) {
        return String.format("%016x", labels.fingerprint());
    }
}
