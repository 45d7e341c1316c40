package io.fluxtap.storage.query;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.SeriesIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbMetricQueryTest {

    private DuckDbDatabase db;
    private DuckDbMetricQuery query;

    /** Values are unique so each test can name the samples it expects, in the order expected. */
    @BeforeAll
    void store(@TempDir Path tmp) {
        db = new DuckDbDatabase(tmp);
        query = new DuckDbMetricQuery(db);
        List<MetricSample> samples = List.of(
                sample("cpu", Map.of("core", "0"), 1, 0),
                sample("cpu", Map.of("core", "1"), 2, 0),
                sample("cpu", Map.of("core", "0"), 3, 10),
                sample("mem", Map.of(), 4, 10),
                sample("cpu", Map.of("core", "0"), 5, 20));
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void selectsByNameNewestFirstAndBySeriesWithinAnInstant() {
        SeriesIds ids = new SeriesIds();
        boolean core0First = Long.compareUnsigned(ids.of("cpu", Map.of("core", "0")), ids.of("cpu", Map.of("core", "1"))) < 0;

        assertEquals(core0First ? List.of(5.0, 3.0, 1.0, 2.0) : List.of(5.0, 3.0, 2.0, 1.0),
                values(new MetricSampleSearch("cpu", null, null, 100)));
        assertEquals(List.of(4.0), values(new MetricSampleSearch("mem", null, null, 100)));
        assertEquals(List.of(), values(new MetricSampleSearch("disk", null, null, 100)));
    }

    @Test
    void boundsTimeFromInclusiveToExclusiveAndLimits() {
        assertEquals(List.of(3.0), values(new MetricSampleSearch("cpu", BASE.plusSeconds(10), BASE.plusSeconds(20), 100)));
        assertEquals(List.of(5.0, 3.0), values(new MetricSampleSearch(null, null, null, 2)), "cpu before mem at one instant");
        assertThrows(IllegalArgumentException.class, () -> new MetricSampleSearch(null, BASE, BASE, 10));
        assertThrows(IllegalArgumentException.class, () -> new MetricSampleSearch(null, null, null, 0));
    }

    /** Labels are the series' since V11: a sample whose series row is gone reads with none, not as a failed page. */
    @Test
    void aSampleWhoseSeriesRowIsMissingReadsWithEmptyLabels(@TempDir Path tmp) {
        try (DuckDbDatabase own = new DuckDbDatabase(tmp)) {
            try (RecordSink.Writer writer = new DuckDbRecordSink(own).openWriter(Lane.P2)) {
                writer.write(new RecordBatch(Lane.P2, List.of(), List.of(),
                        List.of(sample("orphan", Map.of("job", "gone"), 7, 0)), RecordBatch.NO_WAL));
            }
            own.jdbi().useHandle(h -> h.execute("DELETE FROM metric_series"));

            List<MetricSample> read = new DuckDbMetricQuery(own).samples(new MetricSampleSearch("orphan", null, null, 10));
            assertEquals(1, read.size());
            assertEquals(7.0, read.getFirst().value());
            assertEquals(Map.of(), read.getFirst().labels());
        }
    }

    private List<Double> values(MetricSampleSearch search) {
        return query.samples(search).stream().map(MetricSample::value).toList();
    }
}
