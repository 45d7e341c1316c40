package io.fluxtap.storage.retention;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.testing.Logs;
import io.fluxtap.storage.warehouse.Warehouse;
import io.fluxtap.storage.warehouse.WarehouseFile;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionSweeperTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private Warehouse warehouse;
    private RetentionSweeper sweeper;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), 1 << 20, 4, Long.MAX_VALUE, clock);
        sweeper = new RetentionSweeper(db, warehouse, new RetentionPolicy(Map.of(
                WarehouseSignal.LOGS, Duration.ofHours(2),
                WarehouseSignal.TRACES, Duration.ofDays(7),
                WarehouseSignal.METRICS, Duration.ofHours(2),
                WarehouseSignal.MESSAGES, Duration.ofDays(365),
                WarehouseSignal.ALERT_HISTORY, Duration.ofDays(90),
                WarehouseSignal.NOTIFICATION_HISTORY, Duration.ofDays(90))), Duration.ofMinutes(10), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void expiredHotRowsAndWholeExpiredPartitionsGoAndTheRestStays() throws Exception {
        write(List.of(Logs.log("api", Level.INFO, "09:10 expired, cold", Instant.parse("2026-11-22T09:10:00Z")),
                Logs.log("api", Level.INFO, "10:20 partly expired hour, cold", Instant.parse("2026-11-22T10:20:00Z")),
                Logs.log("api", Level.INFO, "10:40 kept, cold", Instant.parse("2026-11-22T10:40:00Z"))), List.of());
        List<WarehouseFile> files = warehouse.exportClosedHours();
        write(List.of(Logs.log("api", Level.INFO, "10:10 expired, hot (late)", Instant.parse("2026-11-22T10:10:00Z")),
                Logs.log("api", Level.INFO, "12:10 kept, hot", Instant.parse("2026-11-22T12:10:00Z"))), List.of());

        RetentionSweeper.Sweep sweep = sweeper.sweep();

        assertEquals(1L, sweep.hotRows().get(WarehouseSignal.LOGS));
        assertEquals(1, sweep.files().get(WarehouseSignal.LOGS));
        assertFalse(Files.exists(tmp.resolve(files.get(0).path())), "the 09:00 file is gone");
        assertFalse(Files.exists(tmp.resolve("telemetry/logs/2026/11/22/09")), "and its emptied directory");
        assertTrue(Files.exists(tmp.resolve(files.get(1).path())), "the 10:00 hour is not wholly expired yet");
        assertEquals(List.of("10:20 partly expired hour, cold", "10:40 kept, cold", "12:10 kept, hot"),
                db.jdbi().withHandle(h -> h.createQuery("SELECT body FROM logs ORDER BY ts").mapTo(String.class).list()));
    }

    @Test
    void seriesWithoutSamplesHotOrColdArePrunedOthersStay() throws Exception {
        write(List.of(), List.of(sample("expired", "2026-11-22T09:00:00Z"), sample("cold", "2026-11-22T11:00:00Z"),
                sample("hot", "2026-11-22T12:00:00Z")));
        warehouse.exportClosedHours();
        warehouse.dropHoursBefore(WarehouseSignal.METRICS, Instant.parse("2026-11-22T10:00:00Z"));

        RetentionSweeper.Sweep sweep = sweeper.sweep();

        assertEquals(1L, sweep.series());
        assertEquals(List.of("cold", "hot"), db.jdbi().withHandle(h -> h.createQuery(
                "SELECT metric_name FROM metric_series ORDER BY 1").mapTo(String.class).list()));
    }

    @Test
    void aPrunedSeriesWrittenAgainGetsItsSeriesRowBackThoughTheWritersKnewIt() throws Exception {
        write(List.of(), List.of(sample("expired", "2026-11-22T09:00:00Z")));
        assertEquals(1, db.knownSeries().size(), "remembered once committed");
        warehouse.exportClosedHours();
        warehouse.dropHoursBefore(WarehouseSignal.METRICS, Instant.parse("2026-11-22T10:00:00Z"));
        assertEquals(1L, sweeper.sweep().series());
        assertEquals(0, db.knownSeries().size(), "the prune made the writers forget");

        // Without forgetting, this write would skip the series upsert and its sample would have no series row.
        write(List.of(), List.of(sample("expired", "2026-11-22T12:20:00Z")));
        assertEquals(List.of("expired"), db.jdbi().withHandle(h -> h.createQuery(
                "SELECT metric_name FROM metric_series").mapTo(String.class).list()));
    }

    private void write(List<io.fluxtap.api.LogRecord> logs, List<MetricSample> metrics) {
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, logs, List.of(), metrics, RecordBatch.NO_WAL));
        }
    }

    private static MetricSample sample(String name, String ts) {
        return new MetricSample(Instant.parse(ts), name, Map.of("job", "x"), 1.0, MetricSample.MetricType.GAUGE, null,
                null, null, null, "svc", null, List.of());
    }
}
