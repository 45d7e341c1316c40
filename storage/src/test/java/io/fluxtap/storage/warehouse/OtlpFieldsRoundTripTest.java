package io.fluxtap.storage.warehouse;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.storage.query.DuckDbLogQuery;
import io.fluxtap.storage.query.DuckDbTraceQuery;
import io.fluxtap.storage.query.filter.FieldSchema;
import io.fluxtap.storage.query.filter.SqlFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What OTLP sends and the first schema lost (issue #10 item 8): a log's severity text and instrumentation scope, and
 * the nanoseconds of log and span times. Stored, read back from the hot table, and again after the warehouse moved
 * the hour into Parquet: the records read back equal the ones written, field by field.
 */
class OtlpFieldsRoundTripTest {

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
    void logAndSpanReadBackEqualFromTheHotTableAndFromTheWarehouse() throws Exception {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        long time = 1_795_342_800_123_456_789L; // 2026-11-22T10:20:00.123456789Z
        long observed = time + 987;
        LogRecord log = new LogRecord(Instant.ofEpochSecond(0, 0).plusNanos(time), Instant.EPOCH.plusNanos(observed),
                TRACE, "00f067aa0ba902b7", -5L, "host-1", "api", "gear-api", Level.WARN, 14, "disk almost full",
                Map.of("free", 3L), Map.of("service.name", "api"), "Warning", "io.fluxtap.disk", "2.1.0",
                Map.of("scope.kind", "library", "tier", 2L), time, observed);
        LogRecord unset = new LogRecord(Instant.parse("2026-11-22T10:21:00.000001Z"),
                Instant.parse("2026-11-22T10:21:00.000001Z"), null, null, null, null, "api", null, Level.INFO, 9,
                "no times sent", Map.of(), Map.of(), null, null, null, Map.of(), 0, 0);
        Instant start = Instant.EPOCH.plusNanos(time + 1);
        SpanRecord span = new SpanRecord(TRACE, "00f067aa0ba902b8", null, null, 1, "GET /disk",
                SpanRecord.SpanKind.SERVER, start, start.plusNanos(1_234_567), SpanRecord.StatusCode.OK, null,
                null, "host-1", "api", "gear-api", "io.fluxtap.http", "1.0", Map.of("k", "v"),
                Map.of("service.name", "api"), List.of(), List.of(), 0, 0, 0, Map.of("scope.kind", "server"));
        fx.write(List.of(log, unset), List.of(span), List.of(), List.of());

        assertEquals(List.of(unset, log), logs(), "from the active table");
        assertEquals(List.of(span), spans(), "from the active table");

        assertEquals(2, fx.warehouse.exportClosedHours().size(), "the hour's logs and spans went to Parquet");
        assertEquals(0, fx.count("SELECT count(*) FROM active_logs") + fx.count("SELECT count(*) FROM active_spans"));

        assertEquals(List.of(unset, log), logs(), "from the warehouse");
        assertEquals(List.of(span), spans(), "from the warehouse");
    }

    @Test
    void theFilterLanguageReachesSeverityTextAndTheScope() {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        Instant ts = Instant.parse("2026-11-22T10:20:00Z");
        fx.logs(new LogRecord(ts, ts, null, null, null, null, "api", null, Level.WARN, 13, "scoped", Map.of(), Map.of(),
                "Warnung", "io.shop", "1.0", Map.of("tier", 2L), 0, 0), WarehouseFixture.log("api", Level.WARN, "plain", ts, null));

        List<LogRecord> found = new DuckDbLogQuery(fx.db).page(SqlFilter.parse(
                "severity_text = 'Warnung' AND scope_name = 'io.shop' AND scope_version = '1.0' AND scope_attributes.tier = 2",
                FieldSchema.LOGS), null, 10).logs();

        assertEquals(List.of("scoped"), found.stream().map(LogRecord::body).toList());
    }

    @Test
    void rowsWithoutTheNanosecondColumnsReadBackWithTheirMicroseconds() {
        fx = new WarehouseFixture(tmp.resolve("data"), Instant.parse("2026-11-22T12:30:00Z"), 4);
        fx.db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO active_logs (ts, observed_ts, level, severity_number, body, attributes, resource)
                VALUES (make_timestamptz(1795342800123456), make_timestamptz(1795342800123457), 'info', 9, 'old',
                        '{}', '{}')"""));

        LogRecord read = logs().getFirst();

        assertEquals(Instant.parse("2026-11-22T10:20:00.123456Z"), read.timestamp());
        assertEquals(Instant.parse("2026-11-22T10:20:00.123457Z"), read.observedTimestamp());
        assertEquals(1_795_342_800_123_456_000L, read.timeUnixNano(), "the stored time, as nanoseconds");
        assertEquals(null, read.severityText());
    }

    private List<LogRecord> logs() {
        return new DuckDbLogQuery(fx.db).page(SqlFilter.ALL, null, 10).logs();
    }

    private List<SpanRecord> spans() {
        return new DuckDbTraceQuery(fx.db).trace(TRACE).stream().map(DuckDbTraceQuery.StoredSpan::span).toList();
    }
}
