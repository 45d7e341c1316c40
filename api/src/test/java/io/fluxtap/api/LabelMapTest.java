package io.fluxtap.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

class LabelMapTest {

    @Test
    void aMapInAnyOrderIsIteratedByName() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("mode", "idle");
        unsorted.put("cpu", "0");
        unsorted.put("instance", "a:9100");
        unsorted.put("__x", "y");
        LabelMap labels = LabelMap.copyOf(unsorted);

        assertEquals(List.of("__x", "cpu", "instance", "mode"), new ArrayList<>(labels.keySet()));
        List<String> visited = new ArrayList<>();
        labels.forEach((name, value) -> visited.add(name + "=" + value));
        assertEquals(List.of("__x=y", "cpu=0", "instance=a:9100", "mode=idle"), visited);
        assertEquals(new ArrayList<>(new TreeMap<>(unsorted).entrySet()), new ArrayList<>(labels.entrySet()));
    }

    @Test
    void lookupsFindWhatIsThereAndOnlyThat() {
        LabelMap labels = LabelMap.copyOf(Map.of("job", "api", "env", "prod", "zone", "b"));
        assertEquals("api", labels.get("job"));
        assertEquals("b", labels.get("zone"));
        assertNull(labels.get("instance"));
        assertNull(labels.get(42));
        assertTrue(labels.containsKey("env"));
        assertFalse(labels.containsKey("en"));
        assertEquals(3, labels.size());
        assertTrue(LabelMap.copyOf(Map.of()).isEmpty());
    }

    @Test
    void equalAndHashedAsAnyMapWithTheSameEntries() {
        Map<String, String> hash = new HashMap<>(Map.of("job", "api", "env", "prod"));
        LabelMap labels = LabelMap.copyOf(hash);
        assertEquals(hash, labels);
        assertEquals(labels, hash);
        assertEquals(hash.hashCode(), labels.hashCode());
        assertEquals(labels, LabelMap.copyOf(new TreeMap<>(hash)));
        assertNotEquals(labels, LabelMap.copyOf(Map.of("job", "api", "env", "dev")));
        assertNotEquals(labels, LabelMap.copyOf(Map.of("job", "api")));
        Map<LabelMap, String> keyed = new HashMap<>();
        keyed.put(labels, "found");
        assertEquals("found", keyed.get(LabelMap.copyOf(Map.of("env", "prod", "job", "api"))));
    }

    @Test
    void aLabelMapIsSharedNotCopiedAndCannotBeChanged() {
        LabelMap labels = LabelMap.copyOf(Map.of("job", "api"));
        assertSame(labels, LabelMap.copyOf(labels));
        assertThrows(UnsupportedOperationException.class, () -> labels.put("job", "other"));
        assertThrows(UnsupportedOperationException.class, () -> labels.values().removeIf(v -> true));
        assertThrows(UnsupportedOperationException.class, labels::clear);

        Map<String, String> source = new HashMap<>(Map.of("job", "api"));
        LabelMap copy = LabelMap.copyOf(source);
        source.put("job", "changed");
        assertEquals("api", copy.get("job"), "a copy, not a view of the caller's map");
    }

    @Test
    void aSampleKeepsTheLabelMapItIsGiven() {
        LabelMap labels = LabelMap.copyOf(Map.of("job", "api"));
        MetricSample sample = new MetricSample(java.time.Instant.EPOCH, "up", labels, 1, MetricSample.MetricType.GAUGE,
                null, null, null, null, null, null, List.of());
        assertSame(labels, sample.labels());
        MetricSample fromHashMap = new MetricSample(java.time.Instant.EPOCH, "up", new HashMap<>(Map.of("job", "api")), 1,
                MetricSample.MetricType.GAUGE, null, null, null, null, null, null, List.of());
        assertEquals(labels, fromHashMap.labels());
    }

    @Test
    void aSeriesIdIsDerivedOncePerNameAndNeverMixedUpBetweenNames() {
        LabelMap labels = LabelMap.copyOf(Map.of("job", "api"));
        java.util.concurrent.atomic.AtomicInteger derived = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.ToLongBiFunction<String, LabelMap> derive = (name, map) -> {
            derived.incrementAndGet();
            return name.length() * 1000L + map.size();
        };
        assertEquals(2001, labels.seriesId("up", derive));
        assertEquals(2001, labels.seriesId("up", derive));
        assertEquals(1, derived.get(), "remembered for the same name");
        assertEquals(8001, labels.seriesId("up_total", derive));
        assertEquals(2001, labels.seriesId("up", derive));
        assertEquals(3, derived.get(), "another name is derived afresh, never answered from the memo");
    }

    @Test
    void nullNamesAndValuesAreRefused() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("job", null);
        assertThrows(NullPointerException.class, () -> LabelMap.copyOf(nullValue));
    }
}
