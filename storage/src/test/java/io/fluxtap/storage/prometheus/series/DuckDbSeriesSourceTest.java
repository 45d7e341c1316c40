package io.fluxtap.storage.prometheus.series;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.LabelMatcher.Type;
import io.fluxtap.storage.promql.series.StoredSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DuckDbSeriesSourceTest {

    private static final long STALE_BITS = 0x7ff0000000000002L;
    private static final long T0 = BASE.toEpochMilli();

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private DuckDbSeriesSource source;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        source = new DuckDbSeriesSource(db, 1_000);
        List<MetricSample> samples = new ArrayList<>();
        for (int s = 0; s <= 60; s += 15) {
            samples.add(sample("http_requests_total", Map.of("job", "api", "code", "200"), s, s));
            samples.add(sample("http_requests_total", Map.of("job", "api", "code", "500"), 2 * s, s));
            samples.add(sample("http_requests_total", Map.of("job", "web"), 3 * s, s));
            samples.add(sample("http_requests_total", Map.of("job", "line\nbreak"), 4 * s, s));
            samples.add(sample("up", Map.of("job", "api"), 1, s));
        }
        samples.add(sample("up", Map.of("job", "api"), Double.longBitsToDouble(STALE_BITS), 75));
        write(samples);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theMetricNameAndEachMatcherTypeSelectTheirSeries() {
        assertEquals(Set.of("{__name__=http_requests_total, code=200, job=api}",
                        "{__name__=http_requests_total, code=500, job=api}"),
                labelSets(List.of(name("http_requests_total"), m("job", Type.EQUAL, "api"))));
        assertEquals(Set.of("{__name__=http_requests_total, job=web}", "{__name__=http_requests_total, job=line\nbreak}"),
                labelSets(List.of(name("http_requests_total"), m("job", Type.NOT_EQUAL, "api"))));
        assertEquals(Set.of("{__name__=http_requests_total, code=500, job=api}"),
                labelSets(List.of(name("http_requests_total"), m("code", Type.REGEX, "5.."))));
        assertEquals(Set.of("{__name__=http_requests_total, code=200, job=api}",
                        "{__name__=http_requests_total, job=web}", "{__name__=http_requests_total, job=line\nbreak}"),
                labelSets(List.of(name("http_requests_total"), m("code", Type.NOT_REGEX, "5.."))));
        assertEquals(Set.of("{__name__=up, job=api}", "{__name__=http_requests_total, code=200, job=api}",
                        "{__name__=http_requests_total, code=500, job=api}"),
                labelSets(List.of(m("__name__", Type.REGEX, "up|http_.*"), m("job", Type.EQUAL, "api"))));
    }

    @Test
    void regexesAreAnchoredAtBothEndsAndTheirDotMatchesNewlines() {
        assertEquals(Set.of(), labelSets(List.of(name("http_requests_total"), m("job", Type.REGEX, "ap"))));
        assertEquals(Set.of(), labelSets(List.of(name("http_requests_total"), m("job", Type.REGEX, "pi"))));
        // Anchored without a group around the alternation, ^a|web$ would also match "api" by its first branch.
        assertEquals(Set.of("{__name__=http_requests_total, job=web}"),
                labelSets(List.of(name("http_requests_total"), m("job", Type.REGEX, "a|web"))));
        assertEquals(Set.of("{__name__=http_requests_total, job=line\nbreak}"),
                labelSets(List.of(name("http_requests_total"), m("job", Type.REGEX, "line.break"))));
        assertEquals(Set.of("{__name__=up, job=api}"), labelSets(List.of(m("__name__", Type.REGEX, "u."))));
    }

    @Test
    void aMissingLabelMatchesTheEmptyString() {
        assertEquals(Set.of("{__name__=http_requests_total, job=web}", "{__name__=http_requests_total, job=line\nbreak}"),
                labelSets(List.of(name("http_requests_total"), m("code", Type.EQUAL, ""))));
        assertEquals(Set.of("{__name__=http_requests_total, job=web}", "{__name__=http_requests_total, job=line\nbreak}"),
                labelSets(List.of(name("http_requests_total"), m("code", Type.REGEX, "2?"), m("code", Type.NOT_EQUAL, "200"))));
        assertEquals(Set.of("{__name__=http_requests_total, code=200, job=api}",
                        "{__name__=http_requests_total, code=500, job=api}"),
                labelSets(List.of(name("http_requests_total"), m("code", Type.NOT_EQUAL, ""))));
    }

    @Test
    void samplesComeInTimeOrderWithBothRangeEndsInclusive() {
        List<StoredSeries> series = source.select(List.of(name("http_requests_total"), m("job", Type.EQUAL, "web")),
                T0 + 15_000, T0 + 45_000);
        assertEquals(1, series.size());
        assertArrayEquals(new long[]{T0 + 15_000, T0 + 30_000, T0 + 45_000}, series.getFirst().timestampsMs());
        assertArrayEquals(new double[]{45, 90, 135}, series.getFirst().values());

        List<StoredSeries> justInside = source.select(List.of(name("up")), T0 + 60_000, T0 + 60_000);
        assertArrayEquals(new long[]{T0 + 60_000}, justInside.getFirst().timestampsMs());
        assertEquals(List.of(), source.select(List.of(name("up")), T0 + 60_001, T0 + 74_999));
    }

    @Test
    void theStaleMarkerKeepsItsNanBits() {
        StoredSeries up = source.select(List.of(name("up")), T0 + 75_000, T0 + 75_000).getFirst();
        assertEquals(STALE_BITS, Double.doubleToRawLongBits(up.values()[0]));
    }

    @Test
    void everySeriesIsOneResultWithItsOwnSamples() {
        List<StoredSeries> all = source.select(List.of(name("http_requests_total")), T0, T0 + 60_000);
        assertEquals(4, all.size());
        for (StoredSeries series : all) {
            assertEquals(5, series.values().length);
            double perStep = series.values()[1];
            for (int i = 0; i < 5; i++) {
                assertEquals(T0 + 15_000L * i, series.timestampsMs()[i]);
                assertEquals(perStep * i, series.values()[i], series.labels().toString());
            }
        }
    }

    @Test
    void samplesWrittenOutOfOrderComeBackInTimeOrderOnePerMillisecond() {
        write(List.of(sample("late", Map.of(), 3, 30)));
        write(List.of(sample("late", Map.of(), 1, 10), sample("late", Map.of(), 2, 20)));
        MetricSample first = sample("late", Map.of(), 4, 40);
        write(List.of(first, new MetricSample(first.timestamp().plusNanos(400_000), "late", Map.of(), 5,
                first.type(), null, null, null, null, null, null, List.of())));

        StoredSeries late = source.select(List.of(name("late")), T0, T0 + 60_000).getFirst();
        assertArrayEquals(new long[]{T0 + 10_000, T0 + 20_000, T0 + 30_000, T0 + 40_000}, late.timestampsMs());
        assertArrayEquals(new double[]{1, 2, 3, 5}, late.values(), "the later of two samples in one millisecond");
    }

    @Test
    void moreSamplesThanTheLimitFailTheSelectAsPrometheusDoes() {
        DuckDbSeriesSource small = new DuckDbSeriesSource(db, 9);
        PromqlException e = assertThrows(PromqlException.class,
                () -> small.select(List.of(name("http_requests_total")), T0, T0 + 60_000));
        assertEquals(PromqlException.ErrorType.EXECUTION, e.errorType());
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
        assertEquals(5, small.select(List.of(name("up")), T0, T0 + 60_000).getFirst().values().length);
    }

    @Test
    void matcherValuesAreDataNotSql() {
        assertEquals(Set.of(), labelSets(List.of(name("up"), m("job", Type.EQUAL, "x' OR TRUE OR '"))));
        assertEquals(Set.of(), labelSets(List.of(name("up' OR TRUE OR 'x"))));
    }

    @Test
    void anInvalidRegexIsBadData() {
        PromqlException e = assertThrows(PromqlException.class,
                () -> source.select(List.of(name("up"), m("job", Type.REGEX, "(")), T0, T0 + 60_000));
        assertEquals(PromqlException.ErrorType.BAD_DATA, e.errorType(), e.getMessage());
    }

    private Set<String> labelSets(List<LabelMatcher> matchers) {
        Set<String> sets = new TreeSet<>();
        for (StoredSeries series : source.select(matchers, T0, T0 + 3_600_000)) {
            sets.add(series.labels().toString());
        }
        return sets;
    }

    private static LabelMatcher name(String metric) {
        return m(LabelMatcher.METRIC_NAME, Type.EQUAL, metric);
    }

    private static LabelMatcher m(String name, Type type, String value) {
        return new LabelMatcher(name, type, value);
    }

    private void write(List<MetricSample> samples) {
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }
    }
}
