package io.fluxtap.ui.testing;

import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link SqlQueries} over an in-memory DuckDB holding tables named and shaped like the server's views
 * ({@code logs}, {@code spans}, {@code messages}; the columns the dashboard reads, as storage's migrations define
 * them), so the pages' SQL runs for real. Values come back typed as the port documents.
 */
public final class DuckDbSql implements SqlQueries, AutoCloseable {

    private static final String SCHEMA = """
            CREATE TABLE logs (ts TIMESTAMPTZ NOT NULL, observed_ts TIMESTAMPTZ, trace_id VARCHAR, span_id VARCHAR,
                flux_id UBIGINT, machine_id VARCHAR, entity_name VARCHAR, gear_id VARCHAR, level VARCHAR NOT NULL,
                severity_number INTEGER, body VARCHAR, attributes JSON, resource JSON);
            CREATE TABLE spans (ts TIMESTAMPTZ NOT NULL, trace_id VARCHAR NOT NULL, span_id VARCHAR NOT NULL,
                flux_id UBIGINT, machine_id VARCHAR, entity_name VARCHAR, gear_id VARCHAR, level VARCHAR NOT NULL,
                end_ts TIMESTAMPTZ NOT NULL, duration_ns BIGINT NOT NULL, parent_span_id VARCHAR, name VARCHAR NOT NULL,
                kind VARCHAR NOT NULL, status_code VARCHAR NOT NULL, status_message VARCHAR, attributes JSON,
                resource JSON, events JSON, links JSON);
            CREATE TABLE metrics (ts TIMESTAMPTZ NOT NULL, series_id UBIGINT, metric_name VARCHAR, value DOUBLE);
            CREATE TABLE messages (ts TIMESTAMPTZ NOT NULL, trace_id VARCHAR, span_id VARCHAR, flux_id UBIGINT NOT NULL,
                machine_id VARCHAR, entity_name VARCHAR, gear_id VARCHAR, level VARCHAR, wire_id VARCHAR NOT NULL,
                promoted JSON NOT NULL, json JSON NOT NULL);
            """;

    private final Connection connection;
    private final List<String> statements = new CopyOnWriteArrayList<>();

    public DuckDbSql() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = connection.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        s.execute(ddl);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A span as the server stores it; {@code status} is {@code unset}, {@code ok} or {@code error}. */
    public synchronized DuckDbSql span(String traceId, String spanId, String parentSpanId, String service, String name,
                                       Instant start, Duration duration, String status, String attributesJson) {
        execute("INSERT INTO spans (ts, trace_id, span_id, entity_name, level, end_ts, duration_ns, parent_span_id,"
                        + " name, kind, status_code, attributes, resource, events, links)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'server', ?, ?, ?, '[]', '[]')",
                Timestamp.from(start), traceId, spanId, service, "error".equals(status) ? "error" : "info",
                Timestamp.from(start.plus(duration)), duration.toNanos(), parentSpanId, name, status,
                attributesJson == null ? "{}" : attributesJson, "{\"service.name\":\"" + service + "\"}");
        return this;
    }

    public synchronized DuckDbSql log(Instant ts, String service, String level, String body, String traceId) {
        execute("INSERT INTO logs (ts, entity_name, level, body, trace_id, attributes, resource)"
                + " VALUES (?, ?, ?, ?, ?, '{}', '{}')", Timestamp.from(ts), service, level, body, traceId);
        return this;
    }

    public synchronized DuckDbSql message(Instant ts, long fluxId, String traceId, String wireId) {
        execute("INSERT INTO messages (ts, flux_id, trace_id, wire_id, promoted, json) VALUES (?, ?, ?, ?, '{}', '{}')",
                Timestamp.from(ts), fluxId, traceId, wireId);
        return this;
    }

    /** Runs any statement, e.g. a bulk {@code INSERT ... SELECT ... FROM range(n)}. */
    public synchronized void execute(String sql, Object... parameters) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every statement the dashboard ran, oldest first. */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    @Override
    public synchronized Result query(String sql, Duration timeout) {
        statements.add(sql);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(value(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new Result(columns, rows, false);
        } catch (SQLException e) {
            throw new QueryException(QueryException.Kind.EXECUTION, e.getMessage());
        }
    }

    private static Object value(Object raw) {
        return switch (raw) {
            case null -> null;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case OffsetDateTime t -> t.toInstant();
            case Timestamp t -> t.toInstant();
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
            case BigDecimal d -> d;
            default -> raw.toString();
        };
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
