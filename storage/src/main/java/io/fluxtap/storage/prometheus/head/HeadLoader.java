package io.fluxtap.storage.prometheus.head;

import io.fluxtap.storage.duck.MetricRelations;
import io.fluxtap.storage.duck.DuckDbDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills a head block with the last window of samples DuckDB holds (hot table and warehouse, the {@code metric_samples}
 * view the DuckDB series source reads), then lets it serve. The head must already take appends: what is committed
 * after the snapshot arrives that way, what was committed before is in the snapshot, and a sample in both is one
 * sample (same series, same millisecond).
 */
final class HeadLoader {

    /** series_id is a UBIGINT; shifted by -2^63 it fits a BIGINT, and flipping the sign bit gives the id's bits. */
    private static final String KEY = "(series_id::HUGEINT - 9223372036854775808)::BIGINT";
    private static final int SLICE = 10_000;

    private HeadLoader() {
    }

    /** @return the number of samples read */
    static long load(HeadBlock head, DuckDbDatabase database, long windowMs, long retentionMs, Clock clock)
            throws SQLException {
        return database.query(handle -> {
            Connection connection = handle.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN TRANSACTION");
                try {
                    return load(head, connection, windowMs, retentionMs, clock);
                } finally {
                    statement.execute("ROLLBACK");
                }
            }
        });
    }

    private static long load(HeadBlock head, Connection connection, long windowMs, long retentionMs, Clock clock)
            throws SQLException {
        long now = clock.millis();
        Long newestMicros = null;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT max(epoch_us(ts)) FROM " + MetricRelations.SAMPLES_VIEW)) {
            if (rs.next()) {
                long value = rs.getLong(1);
                newestMicros = rs.wasNull() ? null : value;
            }
        }
        // An empty store: everything committed from now on reaches the head, so it covers all time (but retention).
        long fromMs = Math.max(newestMicros == null ? Long.MIN_VALUE
                        : Math.min(Math.floorDiv(newestMicros, 1000L), now) - windowMs,
                now - retentionMs);
        head.holdFrom(fromMs);

        record Catalogued(String name, Object labels) {
        }
        Map<Long, Catalogued> catalogue = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + KEY + ", metric_name, labels FROM metric_series")) {
            while (rs.next()) {
                catalogue.put(rs.getLong(1) ^ Long.MIN_VALUE, new Catalogued(rs.getString(2), rs.getObject(3)));
            }
        }
        long read = 0;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + KEY
                + ", epoch_us(ts), value FROM " + MetricRelations.SAMPLES_VIEW + " WHERE ts >= make_timestamptz(?)")) {
            statement.setLong(1, Math.max(fromMs, -9_000_000_000_000L) * 1000L);
            try (ResultSet rs = statement.executeQuery()) {
                boolean more = true;
                while (more) {
                    long[] ids = new long[SLICE];
                    long[] times = new long[SLICE];
                    double[] values = new double[SLICE];
                    int n = 0;
                    while (n < SLICE && (more = rs.next())) {
                        ids[n] = rs.getLong(1) ^ Long.MIN_VALUE;
                        times[n] = Math.floorDiv(rs.getLong(2), 1000L);
                        values[n] = rs.getDouble(3);
                        n++;
                    }
                    int rows = n;
                    head.appending(() -> {
                        for (int i = 0; i < rows; i++) {
                            // A sample whose series the catalogue lacks is skipped, as the DuckDB source skips it.
                            Catalogued c = catalogue.get(ids[i]);
                            if (c != null) {
                                head.add(ids[i], c.name(), c.labels() instanceof Map<?, ?> m ? m : null, times[i],
                                        values[i]);
                            }
                        }
                    });
                    head.enforceBounds();
                    read += rows;
                }
            }
        }
        head.startServing();
        return read;
    }
}
