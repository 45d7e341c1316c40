package io.fluxtap.storage.duck;

import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordBatch;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.jdbi.v3.core.Handle;

/** The {@code wal_applied} table: one row per lane with the highest WAL sequence number stored. */
final class WalAppliedTable {

    private WalAppliedTable() {
    }

    /** Within the caller's transaction, so the position commits with the rows it covers. */
    static void record(DuckDBConnection connection, Lane lane, long lsn) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO wal_applied (lane, lsn) VALUES (?, ?) ON CONFLICT (lane) DO UPDATE SET lsn = excluded.lsn")) {
            upsert.setString(1, lane.label());
            upsert.setLong(2, lsn);
            upsert.executeUpdate();
        }
    }

    static long applied(Handle handle, Lane lane) {
        return handle.createQuery("SELECT lsn FROM wal_applied WHERE lane = :lane")
                .bind("lane", lane.label())
                .mapTo(Long.class)
                .findOne()
                .orElse(RecordBatch.NO_WAL);
    }
}
