package io.fluxtap.storage.promql.series;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.fluxtap.storage.promql.series.LabelMatcher.Type.EQUAL;
import static io.fluxtap.storage.promql.series.LabelMatcher.Type.NOT_EQUAL;
import static io.fluxtap.storage.promql.series.LabelMatcher.Type.REGEX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Selection through the label postings gives what matching every series gives. */
class MemorySeriesSourceTest {

    private final MemorySeriesSource source = new MemorySeriesSource();

    MemorySeriesSourceTest() {
        source.add(Map.of("__name__", "up", "job", "a", "instance", "1"), 1000, 1);
        source.add(Map.of("__name__", "up", "job", "b", "instance", "2"), 1000, 0);
        source.add(Map.of("__name__", "requests_total", "job", "a"), 1000, 10);
        source.add(Map.of("__name__", "requests_total", "job", "a"), 2000, 20);
        source.add(Map.of("job", "a", "note", "nameless"), 1000, 5);
    }

    private Set<Map<String, String>> select(LabelMatcher... matchers) {
        return source.select(List.of(matchers), 0, 10_000).stream().map(StoredSeries::labels)
                .collect(Collectors.toSet());
    }

    private static LabelMatcher m(String name, LabelMatcher.Type type, String value) {
        return new LabelMatcher(name, type, value);
    }

    @Test
    void aNamedMetricWithItsOtherMatchers() {
        assertEquals(Set.of(Map.of("__name__", "up", "job", "a", "instance", "1")),
                select(m("__name__", EQUAL, "up"), m("job", EQUAL, "a")));
        assertEquals(2, select(m("__name__", EQUAL, "up")).size());
        assertEquals(1, select(m("job", NOT_EQUAL, "a"), m("__name__", EQUAL, "up")).size());
        assertEquals(Set.of(), select(m("__name__", EQUAL, "nosuch")));
        assertEquals(Set.of(), select(m("__name__", EQUAL, "up"), m("job", EQUAL, "nosuch")));
    }

    @Test
    void anyLabelsEqualityNarrowsTheSearch() {
        assertEquals(Set.of(Map.of("__name__", "up", "job", "b", "instance", "2")),
                select(m("instance", EQUAL, "2"), m("__name__", EQUAL, "up")));
        assertEquals(Set.of(Map.of("__name__", "up", "job", "b", "instance", "2")), select(m("job", EQUAL, "b")));
        assertEquals(Set.of(Map.of("__name__", "requests_total", "job", "a")),
                select(m("job", EQUAL, "a"), m("__name__", REGEX, "req.*"), m("instance", EQUAL, "")));
    }

    @Test
    void withoutAnEqualNameEveryMetricIsSearched() {
        assertEquals(3, select(m("__name__", REGEX, "up|requests_total")).size());
        assertEquals(3, select(m("job", EQUAL, "a")).size());
        assertEquals(Set.of(Map.of("job", "a", "note", "nameless")),
                select(m("__name__", EQUAL, ""), m("job", EQUAL, "a")));
    }

    @Test
    void samplesAndSeriesAddedLaterAndClear() {
        source.add(Map.of("__name__", "up", "job", "c"), 3000, 1);
        source.add(Map.of("__name__", "requests_total", "job", "a"), 3000, 30);
        assertEquals(3, select(m("__name__", EQUAL, "up")).size());
        StoredSeries s = source.select(List.of(m("__name__", EQUAL, "requests_total")), 1500, 3000).getFirst();
        assertArrayEquals(new long[]{2000, 3000}, s.timestampsMs());
        assertArrayEquals(new double[]{20, 30}, s.values());
        source.clear();
        assertEquals(Set.of(), select(m("__name__", EQUAL, "up")));
        source.add(Map.of("__name__", "up", "job", "d"), 1000, 1);
        assertEquals(Set.of(Map.of("__name__", "up", "job", "d")), select(m("__name__", EQUAL, "up")));
    }
}
