package io.fluxtap.storage.duck;

import io.fluxtap.api.Lane;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.SQLException;

/**
 * Stores the lanes' batches in the DuckDB hot tables with the Appender, each batch in one transaction.
 * Every writer has its own connection, so lanes append side by side.
 */
@ApplicationScoped
public class DuckDbRecordSink implements RecordSink {

    private final DuckDbDatabase database;
    private final CommittedMetrics committed;

    /** A sink whose committed metrics go nowhere else (tools and tests without a head block). */
    public DuckDbRecordSink(DuckDbDatabase database) {
        this(database, CommittedMetrics.NONE);
    }

    /** @param committed told of each committed batch's metric samples (the PromQL head block in the server) */
    @Inject
    public DuckDbRecordSink(DuckDbDatabase database, CommittedMetrics committed) {
        this.database = database;
        this.committed = committed;
    }

    /** @throws StoreException when the database cannot give the writer a connection */
    @Override
    public Writer openWriter(Lane lane) {
        try {
            return new DuckDbWriter(lane, database.openConnection(), database::closeConnection, committed,
                    database.knownSeries(), database::timings);
        } catch (SQLException e) {
            throw new StoreException("cannot open a writer for lane " + lane.label() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long appliedWalLsn(Lane lane) {
        try {
            return database.jdbi().withHandle(handle -> WalAppliedTable.applied(handle, lane));
        } catch (RuntimeException e) {
            throw new StoreException("cannot read the applied WAL position of lane " + lane.label() + ": "
                    + e.getMessage(), e);
        }
    }
}
