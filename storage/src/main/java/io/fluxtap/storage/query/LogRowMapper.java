package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
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
            machine_id, entity_name, gear_id, level, severity_number, body, attributes, resource""";

    @Override
    public LogRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LogRecord(
                EpochMicros.toInstant(rs.getLong("ts_us")),
                nullableInstant(rs, "observed_us"),
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
                AttributesJson.read(rs.getString("resource")));
    }

    private static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : EpochMicros.toInstant(micros);
    }

    /** getLong hands back a UBIGINT's 64 bits unchanged, so ids >= 2^63 return as the negative longs they came in as. */
    private static Long nullableUnsignedLong(ResultSet rs) throws SQLException {
        long value = rs.getLong("flux_id");
        return rs.wasNull() ? null : value;
    }
}
