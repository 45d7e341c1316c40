package io.fluxtap.storage.prometheus.api;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.prometheus.series.PrometheusCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.testing.Metrics.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The completion port answers from the stored series catalogue, per metric. */
class CatalogSeriesCatalogTest {

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private CatalogSeriesCatalog catalog;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        catalog = new CatalogSeriesCatalog(new PrometheusCatalog(db));
        List<MetricSample> samples = List.of(
                sample("http_requests_total", Map.of("job", "api", "code", "200"), 1, 0),
                sample("http_requests_total", Map.of("job", "api", "code", "500"), 2, 0),
                sample("http_requests_total", Map.of("job", "web"), 3, 15),
                sample("up", Map.of("job", "api", "instance", "a:9100"), 1, 0));
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), samples, RecordBatch.NO_WAL));
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void metricNamesAreEveryStoredMetricSorted() {
        assertEquals(List.of("http_requests_total", "up"), catalog.metricNames());
    }

    @Test
    void labelNamesAndValuesArePerMetricWithoutTheName() {
        assertEquals(List.of("code", "job"), catalog.labelNames("http_requests_total"));
        assertEquals(List.of("instance", "job"), catalog.labelNames("up"));
        assertEquals(List.of("200", "500"), catalog.labelValues("http_requests_total", "code"));
        assertEquals(List.of("api", "web"), catalog.labelValues("http_requests_total", "job"));
        assertEquals(List.of(), catalog.labelNames("no_such_metric"));
        assertEquals(List.of(), catalog.labelValues("up", "code"));
    }
}
