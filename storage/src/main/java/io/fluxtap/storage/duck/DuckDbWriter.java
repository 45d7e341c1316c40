package io.fluxtap.storage.duck;

import io.fluxtap.api.DbQueryTimings;
import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One lane consumer's writer: its own connection, one transaction per batch. Not thread-safe;
 * a lane has a single consumer thread.
 * <p>
 * The transaction is opened with an explicit {@code BEGIN TRANSACTION} rather than
 * {@code setAutoCommit(false)}: the DuckDB JDBC driver starts that kind of transaction lazily, on the
 * next statement, and the Appender is no statement, so its rows would be committed chunk by chunk
 * and a failed batch would leave its first chunks behind (DuckDbRecordSinkTest shows it).
 */
final class DuckDbWriter implements RecordSink.Writer {

    private static final System.Logger LOG = System.getLogger(DuckDbWriter.class.getName());

    private final Lane lane;
    private final DuckDBConnection connection;
    private final Consumer<DuckDBConnection> release;
    private final CommittedMetrics committed;
    private final KnownSeries known;
    private final Supplier<DbQueryTimings> timings;

    DuckDbWriter(Lane lane, DuckDBConnection connection, Consumer<DuckDBConnection> release,
                 CommittedMetrics committed, KnownSeries known, Supplier<DbQueryTimings> timings) {
        this.timings = timings;
        this.lane = lane;
        this.connection = connection;
        this.release = release;
        this.committed = committed;
        this.known = known;
    }

    @Override
    public void write(RecordBatch batch) {
        if (batch.size() == 0 && batch.walLsn() == RecordBatch.NO_WAL) {
            return;
        }
        Lock seriesLock = batch.metrics().isEmpty() ? null : known.appending();
        if (seriesLock != null) {
            seriesLock.lock();
        }
        long[] seriesIds;
        try {
            seriesIds = writeInTransaction(batch);
        } finally {
            if (seriesLock != null) {
                seriesLock.unlock();
            }
        }
        if (seriesIds.length > 0) {
            try {
                committed.committed(batch.metrics(), seriesIds);
            } catch (RuntimeException e) {
                // The batch is stored: throwing would make the lane write it a second time.
                LOG.log(System.Logger.Level.ERROR, "a listener of committed metrics failed", e);
            }
        }
    }

    /** @return the series ids of the batch's samples, which are committed with their series */
    private long[] writeInTransaction(RecordBatch batch) {
        try {
            execute("BEGIN TRANSACTION");
        } catch (SQLException e) {
            throw failure(batch, e);
        }
        long[] seriesIds;
        try {
            long started = System.nanoTime();
            ActiveLogsTable.append(connection, batch.logs());
            started = timed(batch.logs().isEmpty(), ActiveLogsTable.NAME, started);
            ActiveSpansTable.append(connection, batch.spans());
            started = timed(batch.spans().isEmpty(), ActiveSpansTable.NAME, started);
            seriesIds = ActiveMetricsTable.append(connection, batch.metrics(), known);
            started = timed(batch.metrics().isEmpty(), ActiveMetricsTable.NAME, started);
            ActiveMessagesTable.append(connection, batch.messages());
            timed(batch.messages().isEmpty(), ActiveMessagesTable.NAME, started);
            if (batch.walLsn() != RecordBatch.NO_WAL) {
                WalAppliedTable.record(connection, lane, batch.walLsn());
            }
            long committing = System.nanoTime();
            execute("COMMIT");
            timings.get().observe("commit", "other", System.nanoTime() - committing);
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw failure(batch, e);
        }
        // Only now are the batch's series surely in metric_series: a rolled-back upsert must not be remembered.
        known.addAll(seriesIds);
        return seriesIds;
    }

    @Override
    public void close() {
        release.accept(connection);
    }

    private StoreException failure(RecordBatch batch, Exception cause) {
        return new StoreException("could not store " + batch.size() + " records from lane " + lane.label()
                + ": " + cause.getMessage(), cause);
    }

    private void rollback(Exception cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // DuckDB ends a transaction itself when its commit fails; the batch is gone either way.
            cause.addSuppressed(e);
        }
    }

    /** Reports an append that was not empty; returns the time it ended, where the next one starts. */
    private long timed(boolean empty, String table, long started) {
        long now = System.nanoTime();
        if (!empty) {
            timings.get().observe("append", table, now - started);
        }
        return now;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
