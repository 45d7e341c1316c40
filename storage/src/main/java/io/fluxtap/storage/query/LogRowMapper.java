package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.UnixNanos;
import io.fluxtap.storage.duck.AttributesJson;
import io.fluxtap.storage.duck.EpochMicros;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reads the rows selected by {@link #COLUMNS} back into the records that were written. */
final class LogRowMapper implements RowMapper<LogRecord> {

    /** Timestamps leave DuckDB as epoch microseconds so no time zone takes part in the conversion. */
    static final String COLUMNS = """
            epoch_us(ts) AS ts_us, epoch_us(observed_ts) AS observed_us, trace_id, span_id, flux_id,
            machine_id, entity_name, gear_id, level, severity_number, body, attributes, resource, severity_text,
            scope_name, scope_version, scope_attributes, time_unix_nano, observed_time_unix_nano""";

    @Override
    public LogRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        long tsMicros = rs.getLong("ts_us");
        long observedMicros = rs.getLong("observed_us");
        boolean observedNull = rs.wasNull();
        // NULL in rows from before migration V9: the stored instants are all there is.
        long timeNanos = rs.getLong("time_unix_nano");
        if (rs.wasNull()) {
            timeNanos = UnixNanos.of(EpochMicros.toInstant(tsMicros));
        }
        long observedNanos = rs.getLong("observed_time_unix_nano");
        if (rs.wasNull()) {
            observedNanos = observedNull ? 0 : UnixNanos.of(EpochMicros.toInstant(observedMicros));
        }
        // ts is time_unix_nano, else observed_time_unix_nano (as the decoder chose), else a time of Fluxtap's.
        Instant timestamp = EpochMicros.toInstant(tsMicros, timeNanos != 0 ? timeNanos : observedNanos);
        return new LogRecord(
                timestamp,
                observedNull ? null : EpochMicros.toInstant(observedMicros, observedNanos),
                rs.getString("trace_id"),
                rs.getString("span_id"),
                nullableUnsignedLong(rs),
                rs.getString("machine_id"),
                rs.getString("entity_name"),
                rs.getString("gear_id"),
                Level.parseLabel(rs.getString("level")),
                rs.getInt("severity_number"),
                rs.getString("body"),
                AttributesJson.read(rs.getString("attributes")),
                AttributesJson.read(rs.getString("resource")),
                rs.getString("severity_text"),
                rs.getString("scope_name"),
                rs.getString("scope_version"),
                AttributesJson.read(rs.getString("scope_attributes")),
                timeNanos,
                observedNanos);
    }

    /** getLong hands back a UBIGINT's 64 bits unchanged, so ids >= 2^63 return as the negative longs they came in as. */
    private static Long nullableUnsignedLong(ResultSet rs) throws SQLException {
        long value = rs.getLong("flux_id");
        return rs.wasNull() ? null : value;
    }
}
