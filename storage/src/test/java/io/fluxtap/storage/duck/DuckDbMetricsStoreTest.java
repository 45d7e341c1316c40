package io.fluxtap.storage.duck;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.query.DuckDbMetricQuery;
import io.fluxtap.storage.query.MetricSampleSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.testing.Metrics.BASE;
import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DuckDbMetricsStoreTest {

    private static final long STALE_BITS = 0x7ff0000000000002L;

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private DuckDbRecordSink sink;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        sink = new DuckDbRecordSink(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everySampleReadsBackAsWritten() {
        List<Exemplar> exemplars = List.of(
                new Exemplar(Instant.parse("2026-11-22T09:59:59.123456789Z"), 0.42, "4bf92f3577b34da6a3ce929d0e0e4736",
                        "00f067aa0ba902b7", Map.of("user", "u-1")),
                new Exemplar(BASE, Double.NaN, null, null, Map.of()));
        MetricSample counter = new MetricSample(Instant.parse("2026-11-22T10:00:00.123456Z"), "http_requests_total",
                Map.of("job", "shop/api", "code", "200"), 1234.5, MetricType.COUNTER, "1", "requests served",
                -1L, "host-1", "api", "io.fluxtap.http", exemplars);
        MetricSample inf = sample("latency_bucket", Map.of("le", "+Inf"), Double.POSITIVE_INFINITY, 1);
        MetricSample stale = sample("temperature", Map.of(), Double.longBitsToDouble(STALE_BITS), 2);

        write(Lane.P2, counter, inf, stale);

        List<MetricSample> read = new DuckDbMetricQuery(db).samples(new MetricSampleSearch(null, null, null, 10));
        assertEquals(List.of(stale, inf, counter), read, "newest first");
        assertEquals(STALE_BITS, Double.doubleToRawLongBits(read.getFirst().value()), "the stale marker's own NaN");
        assertEquals(Double.doubleToRawLongBits(Double.NaN),
                Double.doubleToRawLongBits(read.getLast().exemplars().get(1).value()));
    }

    @Test
    void theSharedColumnsComeFromTheSampleAndItsFirstExemplar() {
        MetricSample counter = sample("jobs_total", Map.of("job", "worker"), 3, MetricType.COUNTER, 0, List.of(
                new Exemplar(BASE, 1, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Map.of()),
                new Exemplar(BASE, 2, "11111111111111111111111111111111", "2222222222222222", Map.of())));

        write(Lane.P2, counter);

        Map<String, Object> row = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT trace_id, span_id, machine_id, entity_name, gear_id, level, series_id::VARCHAR AS series_id,
                       metric_name, labels['job'] AS job, metric_type, json_array_length(exemplars) AS exemplars
                FROM metrics""").mapToMap().one());
        assertEquals("0af7651916cd43dd8448eb211c80319c", row.get("trace_id"));
        assertEquals("b7ad6b7169203331", row.get("span_id"));
        assertEquals("host-1", row.get("machine_id"));
        assertEquals("checkout", row.get("entity_name"));
        assertEquals("io.fluxtap.test", row.get("gear_id"));
        assertNull(row.get("level"), "samples have no severity");
        assertEquals(Long.toUnsignedString(new SeriesIds().of("jobs_total", Map.of("job", "worker"))), row.get("series_id"));
        assertEquals("jobs_total", row.get("metric_name"));
        assertEquals("worker", row.get("job"));
        assertEquals("counter", row.get("metric_type"));
        assertEquals(2L, ((Number) row.get("exemplars")).longValue());
    }

    @Test
    void eachSeriesIsStoredOnceWhateverBatchOrWriterBringsIt() {
        MetricSample first = sample("queue_depth", Map.of("queue", "a"), 1, 0);
        MetricSample second = sample("queue_depth", Map.of("queue", "a"), 2, 1);
        MetricSample other = sample("queue_depth", Map.of("queue", "b"), 5, 1);

        write(Lane.P2, first, second);
        write(Lane.P2, other, second);
        write(Lane.P1, first);

        assertEquals(5, count("SELECT count(*) FROM active_metrics"));
        assertEquals(2, count("SELECT count(*) FROM metric_series"));
        Map<String, Object> series = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT metric_type, unit, help, entity_name, machine_id, gear_id FROM metric_series
                WHERE metric_name = 'queue_depth' AND labels['queue'] = 'b'""").mapToMap().one());
        assertEquals(Map.of("metric_type", "gauge", "unit", "s", "help", "help of queue_depth", "entity_name", "checkout",
                "machine_id", "host-1", "gear_id", "io.fluxtap.test"), series);
    }

    @Test
    void samplesAndWalPositionCommitTogether() {
        try (RecordSink.Writer writer = sink.openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), List.of(sample("up", Map.of(), 1, 0)), 7));
        }

        assertEquals(1, count("SELECT count(*) FROM active_metrics"));
        assertEquals(7, sink.appliedWalLsn(Lane.P2));
    }

    private void write(Lane lane, MetricSample... samples) {
        try (RecordSink.Writer writer = sink.openWriter(lane)) {
            writer.write(new RecordBatch(lane, List.of(), List.of(), List.of(samples), RecordBatch.NO_WAL));
        }
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
