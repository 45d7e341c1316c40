package io.fluxtap.storage.warehouse;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.retention.RetentionPolicy;
import io.fluxtap.storage.retention.RetentionSweeper;
import io.fluxtap.storage.testing.Logs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #10 item 3: a retention sweep that runs while the export of the same hour is between writing its file and
 * deleting the written rows. The export checks that it deletes exactly the rows it wrote; a sweep that deletes
 * those rows meanwhile broke that check (or DuckDB's conflict detection) and failed the export. Retention must take
 * its turn after the export, and between the two every row ends up exactly once: in the file, then expired.
 */
class RetentionDuringExportTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private DuckDbDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aSweepDuringTheExportOfTheSameHourWaitsForItAndBothSucceed() throws Exception {
        db = new DuckDbDatabase(tmp);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CountDownLatch fileWritten = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        WarehouseFileWriter pausing = new WarehouseFileWriter(1 << 20) {
            @Override
            WrittenFile write(ResultSet rows, ParquetColumns columns, Path target, Map<String, String> metadata)
                    throws IOException, SQLException {
                WrittenFile written = super.write(rows, columns, target, metadata);
                fileWritten.countDown();
                await(proceed);
                return written;
            }
        };
        Warehouse warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), pausing, 4, Long.MAX_VALUE, clock);
        // Logs are kept one hour: the whole 10:00 hour being exported has expired.
        RetentionSweeper sweeper = new RetentionSweeper(db, warehouse, new RetentionPolicy(Map.of(
                WarehouseSignal.LOGS, Duration.ofHours(1),
                WarehouseSignal.TRACES, Duration.ofDays(7),
                WarehouseSignal.METRICS, Duration.ofDays(7),
                WarehouseSignal.MESSAGES, Duration.ofDays(7),
                WarehouseSignal.ALERT_HISTORY, Duration.ofDays(90),
                WarehouseSignal.NOTIFICATION_HISTORY, Duration.ofDays(90))), Duration.ofMinutes(10), clock);
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
            writer.write(new RecordBatch(Lane.P2, List.of(
                    Logs.log("api", Level.INFO, "a", Instant.parse("2026-11-22T10:10:00Z")),
                    Logs.log("api", Level.INFO, "b", Instant.parse("2026-11-22T10:20:00Z")),
                    Logs.log("api", Level.INFO, "c", Instant.parse("2026-11-22T10:30:00Z"))),
                    List.of(), List.of(), RecordBatch.NO_WAL));
        }

        CompletableFuture<List<WarehouseFile>> export = new CompletableFuture<>();
        Thread exporter = Thread.ofPlatform().name("test-export").start(() -> {
            try {
                export.complete(warehouse.exportClosedHours());
            } catch (Throwable e) {
                export.completeExceptionally(e);
            }
        });
        await(fileWritten);
        CompletableFuture<RetentionSweeper.Sweep> sweep = new CompletableFuture<>();
        Thread sweeping = Thread.ofPlatform().name("test-sweep").start(() -> {
            try {
                sweep.complete(sweeper.sweep());
            } catch (Throwable e) {
                sweep.completeExceptionally(e);
            }
        });
        // The sweep either got as far as it can while the export holds the warehouse (it waits for it) or finished.
        awaitWaitingOrDone(sweeping);
        proceed.countDown();
        exporter.join(WAIT);
        sweeping.join(WAIT);

        List<WarehouseFile> files = result(export, "the export");
        RetentionSweeper.Sweep swept = result(sweep, "the sweep");
        assertEquals(1, files.size(), "the 10:00 hour was exported: " + files);
        assertEquals(3, files.get(0).rows());
        assertEquals(0L, swept.hotRows().get(WarehouseSignal.LOGS), "the export had taken the rows out of the hot table");
        assertEquals(1, swept.files().get(WarehouseSignal.LOGS), "and retention then dropped the expired file");
        int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM logs").mapTo(Integer.class).one());
        assertEquals(0, rows, "every row expired once it had been exported");
        assertEquals(List.of(), warehouse.files());
    }

    private static <T> T result(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " did not end within " + WAIT);
        }
    }

    private static void awaitWaitingOrDone(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the sweep neither waited nor ended: " + state);
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS), "latch not released within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
