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

    @Inject
    public DuckDbRecordSink(DuckDbDatabase database) {
        this.database = database;
    }

    /** @throws StoreException when the database cannot give the writer a connection */
    @Override
    public Writer openWriter(Lane lane) {
        try {
            return new DuckDbWriter(lane, database.openConnection(), database::closeConnection);
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
