package io.fluxtap.storage.warehouse;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Level;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.storage.query.DuckDbTraceQuery;
import io.fluxtap.storage.query.TraceCursor;
import io.fluxtap.storage.query.TraceSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fluxtap.storage.warehouse.WarehouseFixture.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every signal through the warehouse with real DuckDB and real Parquet files: types, values and the seed queries. */
class WarehouseSignalsTest {

    private static final long STALE_MARKER = 0x7ff0000000000002L;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path tmp;

    private WarehouseFixture fx;

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void metricSamplesKeepLabelsAsAMapUnsignedIdsAndNanPayloadsBitForBit() throws Exception {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "api");
        labels.put("instance", "host-1:9090");
        fx.write(List.of(), List.of(), List.of(
                sample("up", labels, 1.0, "2026-11-22T10:00:00Z"),
                sample("up", labels, Double.longBitsToDouble(STALE_MARKER), "2026-11-22T10:00:15Z"),
                sample("up", Map.of(), -0.0, "2026-11-22T10:00:30Z")), List.of());
        String query = "SELECT series_id, labels, labels['job'], value, exemplars, ts FROM metrics ORDER BY ts";
        List<List<String>> before = fx.rows(query);

        WarehouseFile file = fx.warehouse.exportClosedHours().getFirst();

        assertTrue(file.path().startsWith("telemetry/metrics/2026/11/22/10/metrics_"), file.path());
        assertEquals(0, fx.count("SELECT count(*) FROM active_metrics"));
        assertEquals(before, fx.rows(query));
        String parquet = "read_parquet('" + fx.dataDir.resolve(file.path()) + "')";
        assertEquals(List.of(List.of("MAP(VARCHAR, VARCHAR)", "UBIGINT", "DOUBLE")),
                fx.rows("SELECT typeof(labels), typeof(series_id), typeof(value) FROM " + parquet + " LIMIT 1"));
        List<Long> bits = fx.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT value FROM " + parquet + " ORDER BY ts").map((rs, ctx) -> Double.doubleToRawLongBits(rs.getDouble(1))).list());
        assertEquals(List.of(Double.doubleToRawLongBits(1.0), STALE_MARKER, Double.doubleToRawLongBits(-0.0)), bits,
                "the stale marker keeps its payload");
        assertEquals(fx.rows("SELECT series_id FROM metric_series ORDER BY 1"),
                fx.rows("SELECT DISTINCT series_id FROM metrics ORDER BY 1"), "series ids join the cold samples");
    }

    @Test
    void spansAreFoundByTraceIdInColdFilesWhichCarryABloomFilter() throws Exception {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        List<SpanRecord> spans = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String trace = i == 7 ? TRACE : String.format("%032x", i + 1000);
            Instant start = Instant.parse("2026-11-22T11:00:00Z").plusSeconds(i);
            spans.add(new SpanRecord(trace, String.format("%016x", i + 1), null, null, 1, "op-" + i,
                    SpanRecord.SpanKind.SERVER, start, start.plusMillis(3), SpanRecord.StatusCode.ERROR, "boom",
                    -1L, "host-1", "api", "http", "scope", "1.0", Map.of("k", "v"), Map.of("service.name", "api"),
                    List.of(), List.of(), 0, 0, 0));
        }
        fx.write(List.of(), spans, List.of(), List.of());
        String byTrace = "SELECT * FROM spans WHERE trace_id = '" + TRACE + "'";
        List<List<String>> before = fx.rows(byTrace);

        WarehouseFile file = fx.warehouse.exportClosedHours().getFirst();

        assertTrue(file.path().startsWith("telemetry/traces/2026/11/22/11/traces_"), file.path());
        assertEquals(1, before.size());
        assertEquals(before, fx.rows(byTrace), "trace by id reads the cold file through the spans view");
        String path = fx.dataDir.resolve(file.path()).toString();
        assertEquals(List.of(List.of("false"), List.of("true")), fx.rows(
                "SELECT bloom_filter_excludes FROM parquet_bloom_probe('" + path + "', 'trace_id', '" + TRACE + "')"
                        + " UNION ALL SELECT bloom_filter_excludes FROM parquet_bloom_probe('" + path
                        + "', 'trace_id', 'ffffffffffffffffffffffffffffffff')"));
    }

    @Test
    void messageFilesCarryThePromotedColumnsAndBothSeedQueriesAnswerOverHotAndCold() throws Exception {
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        fx = new WarehouseFixture(tmp.resolve("data"), now, 4);
        fx.write(List.of(
                        log("api", Level.ERROR, "cold 1", hour.minus(2, ChronoUnit.HOURS).plusSeconds(600), null),
                        log("api", Level.ERROR, "cold 2", hour.minus(1, ChronoUnit.HOURS).plusSeconds(60), null),
                        log("web", Level.ERROR, "cold 3", hour.minus(1, ChronoUnit.HOURS).plusSeconds(70), null),
                        log("api", Level.INFO, "cold info", hour.minus(1, ChronoUnit.HOURS).plusSeconds(80), null),
                        log("api", Level.ERROR, "hot", hour, null),
                        log("api", Level.ERROR, "too old", hour.minus(6, ChronoUnit.HOURS), null)),
                List.of(), List.of(), List.of(
                        message(1, hour.minus(3, ChronoUnit.HOURS), "411111", "EUR", 10.5),
                        message(2, hour.minus(1, ChronoUnit.HOURS), "411111", "EUR", 2.0),
                        message(3, hour.minus(1, ChronoUnit.HOURS).plusSeconds(5), "522222", "USD", 7.25),
                        message(4, hour.minus(30, ChronoUnit.HOURS), "411111", "EUR", 1000.0),
                        message(5, hour, "411111", "EUR", 0.5)));
        List<List<String>> messagesBefore = fx.rows("SELECT * FROM messages ORDER BY flux_id");

        List<WarehouseFile> files = fx.warehouse.exportClosedHours();

        assertTrue(files.stream().anyMatch(f -> f.path().matches(
                "messages/fluxSpec/visa-v1/\\d{4}/\\d{2}/\\d{2}/\\d{2}/messages_fluxSpec_visa-v1_\\d{16}\\.parquet")), files.toString());
        assertEquals(1, fx.count("SELECT count(*) FROM active_logs"), "only the current hour's log is hot");
        assertEquals(messagesBefore, fx.rows("SELECT * FROM messages ORDER BY flux_id"));
        assertEquals(List.of(List.of("api", "3"), List.of("web", "1")), seed(
                "SELECT gear_id, count(*) AS error_count FROM (\n"
                        + "  SELECT gear_id, level, ts FROM active_logs\n"
                        + "  UNION ALL SELECT gear_id, level, ts FROM read_parquet('./data/telemetry/logs/**/*.parquet'))\n"
                        + "WHERE level = 'error' AND ts > NOW() - INTERVAL '4 hours' GROUP BY 1 ORDER BY 2 DESC;")
                        .stream().map(r -> List.of(r.get(0).substring("gear-".length()), r.get(1))).toList());
        assertEquals(List.of(List.of("411111", "EUR", "12.5"), List.of("522222", "USD", "7.25")), seed(
                "SELECT bin, currency, SUM(amount) AS total\n"
                        + "FROM './data/messages/fluxSpec/visa-v1/**/*.parquet'\n"
                        + "WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC;"));
        assertEquals(List.of(List.of("411111", "EUR", "13.0"), List.of("522222", "USD", "7.25")), seed(
                "SELECT bin, currency, SUM(amount) AS total FROM messages_fluxspec_visa_v1\n"
                        + "WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC;"),
                "the wire's view reads its hot rows and its files");
        assertEquals(List.of(List.of("VARCHAR", "DOUBLE", "TIMESTAMP WITH TIME ZONE", "UBIGINT")), fx.rows(
                "SELECT DISTINCT typeof(bin), typeof(amount), typeof(settled_at), typeof(flux_id) FROM read_parquet('"
                        + fx.dataDir + "/messages/fluxSpec/visa-v1/**/*.parquet')"));
    }

    @Test
    void traceSearchTotalsEveryMatchingTraceOverHotAndColdOnEveryPage() throws Exception {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        List<SpanRecord> spans = new ArrayList<>();
        // 6 traces of "api" in the closed hour 11 (exported below), 5 in the open hour 12, 2 of another service.
        for (int i = 0; i < 13; i++) {
            Instant start = Instant.parse(i < 6 ? "2026-11-22T11:00:00Z" : "2026-11-22T12:00:00Z").plusSeconds(i);
            spans.add(new SpanRecord(String.format("%032x", i + 5000), "0000000000000001", null, null, 1, "op",
                    SpanRecord.SpanKind.SERVER, start, start.plusMillis(3), SpanRecord.StatusCode.OK, "",
                    null, "host-1", i < 11 ? "api" : "web", "http", "scope", "1.0", Map.of(),
                    Map.of("service.name", i < 11 ? "api" : "web"), List.of(), List.of(), 0, 0, 0));
        }
        fx.write(List.of(), spans, List.of(), List.of());
        assertEquals("telemetry/traces/2026/11/22/11", fx.warehouse.exportClosedHours().getFirst().path()
                .substring(0, "telemetry/traces/2026/11/22/11".length()));
        assertEquals(5, fx.count("SELECT count(*) FROM active_spans WHERE entity_name = 'api'"), "5 hot, 6 cold");
        DuckDbTraceQuery query = new DuckDbTraceQuery(fx.db);

        List<Integer> pageSizes = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        TraceCursor cursor = null;
        do {
            DuckDbTraceQuery.TracePage page = query.find(search("api", cursor));
            pageSizes.add(page.traces().size());
            totals.add(page.total());
            cursor = page.next();
        } while (cursor != null && pageSizes.size() < 10);

        assertEquals(List.of(4, 4, 3), pageSizes);
        assertEquals(List.of(11L, 11L, 11L), totals, "the total counts the whole search, not the page");
        assertEquals(11, query.find(search("api", new TraceCursor(0, "0".repeat(32)))).total(),
                "a page past the last trace still tells the total");
        assertEquals(0, query.find(search("nobody", null)).total());
    }

    private static TraceSearch search(String service, TraceCursor after) {
        return new TraceSearch(service, null, null, Map.of(), null, null, null, null, 4, after);
    }

    /**
     * Runs a seed query with its './data/' made absolute: DuckDB is confined to the data directory and checks a
     * relative path against the JVM's working directory, which a unit test cannot move. SqlConsoleHttpTest runs the
     * seed queries exactly as written from a server's working directory.
     */
    private List<List<String>> seed(String sql) {
        String absolute = sql.replace("'./data/", "'" + tmp.resolve("data") + "/");
        return fx.db.jdbi().withHandle(h -> {
            return h.createQuery(absolute).map((rs, ctx) -> {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }).list();
        });
    }

    private static MetricSample sample(String name, Map<String, String> labels, double value, String ts) {
        return new MetricSample(Instant.parse(ts), name, labels, value, MetricType.GAUGE, "s", "help", -3L, "host-1",
                "checkout", "gear", List.of());
    }

    private static BusinessMessage message(long fluxId, Instant ts, String bin, String currency, double amount) {
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", bin);
        promoted.put("currency", currency);
        promoted.put("amount", amount);
        promoted.put("settled_at", ts.plusSeconds(1));
        return new BusinessMessage("fluxSpec/visa-v1", fluxId, ts, promoted, "{\"n\":" + fluxId + "}", null, null,
                "pos-7", "acquirer", "auth");
    }
}
