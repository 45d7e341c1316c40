package io.fluxtap.storage.duck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.BusinessMessage;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Adds business messages to {@code active_messages}, in the column order of migration V5. A message whose
 * (wire_id, flux_id) is stored already is skipped, as is a second one in the same batch: a sender that retries
 * with the flux id it was given has its message stored once, and the retry cannot fail the batch around it.
 *
 * <p>The Appender cannot skip rows, so messages go through a per-connection temporary table first: appended
 * there, copied with {@code INSERT ... ON CONFLICT DO NOTHING}, then cleared; all inside the caller's
 * transaction.
 */
final class ActiveMessagesTable {

    static final String NAME = "active_messages";

    private static final Logger LOG = System.getLogger(ActiveMessagesTable.class.getName());
    private static final String STAGED = "staged_messages";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    /** Microseconds, what DuckDB keeps, so a promoted timestamp casts to TIMESTAMPTZ without rounding surprises. */
    private static final DateTimeFormatter RFC_3339_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private ActiveMessagesTable() {
    }

    /**
     * Appends within the connection's current transaction; the caller commits or rolls back.
     *
     * @return how many messages were new
     */
    static int append(DuckDBConnection connection, List<BusinessMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return 0;
        }
        execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGED + " AS SELECT * FROM " + NAME + " LIMIT 0");
        try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, STAGED)) {
            for (BusinessMessage message : messages) {
                appendRow(appender, message);
            }
            appender.flush();
        }
        int added;
        try (Statement statement = connection.createStatement()) {
            added = statement.executeUpdate("INSERT INTO " + NAME + " SELECT * FROM " + STAGED
                    + " QUALIFY row_number() OVER (PARTITION BY wire_id, flux_id ORDER BY rowid) = 1"
                    + " ON CONFLICT DO NOTHING");
        }
        execute(connection, "DELETE FROM " + STAGED);
        if (added < messages.size()) {
            LOG.log(Level.INFO, "{0} of {1} business messages had a flux id stored already for their wire; "
                    + "the first copy is kept", messages.size() - added, messages.size());
        }
        return added;
    }

    private static void appendRow(DuckDBAppender appender, BusinessMessage message) throws SQLException {
        appender.beginRow();
        appender.appendEpochMicros(EpochMicros.of(message.timestamp()));
        appender.append(message.traceId());
        appender.append(message.spanId());
        // A UBIGINT column takes the long's 64 bits as they are, so ids >= 2^63 (negative longs) keep their value.
        appender.append(message.fluxId());
        appender.append(message.machineId());
        appender.append(message.entityName());
        appender.append(message.gearId());
        appender.appendNull();
        appender.append(message.wireId());
        appender.append(promotedJson(message.promoted()));
        appender.append(message.json());
        appender.endRow();
    }

    /** The promoted values as one JSON object, types kept: the per-wire views cast them back to columns. */
    static String promotedJson(Map<String, Object> promoted) {
        ObjectNode node = MAPPER.createObjectNode();
        promoted.forEach((column, value) -> {
            switch (value) {
                case null -> node.putNull(column);
                case String s -> node.put(column, s);
                case Long l -> node.put(column, l);
                case Double d -> node.put(column, d);
                case Boolean b -> node.put(column, b);
                case Instant instant -> node.put(column, RFC_3339_MICROS.format(instant));
                default -> throw new IllegalArgumentException("promoted column " + column
                        + " holds a value of unsupported type " + value.getClass().getName());
            }
        });
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("promoted values have no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
