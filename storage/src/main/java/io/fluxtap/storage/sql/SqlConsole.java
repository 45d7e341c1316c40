package io.fluxtap.storage.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.QueryThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one read-only statement of a user's over the views and the warehouse files: checked by
 * {@link ReadOnlyGuard}, cancelled after {@code fluxtap.sql.timeout}, at most {@code fluxtap.sql.max-rows} rows
 * handed out. Results stream from DuckDB, so a huge result is never held in memory beyond those rows.
 * Statements run on {@code fluxtap.sql.threads} platform threads of their own (never on a request's carrier, and
 * never in the way of the API's queries); the time limit counts from the request, so a statement that waited for
 * a thread until its limit passed is answered with the timeout and never runs.
 */
@ApplicationScoped
public class SqlConsole {

    private final DuckDbDatabase database;
    private final ReadOnlyGuard guard;
    private final Duration timeout;
    private final int maxRows;
    private final QueryThreads threads;
    private final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fluxtap-sql-timeout").daemon().factory());

    @Inject
    public SqlConsole(DuckDbDatabase database,
                      @ConfigProperty(name = "fluxtap.sql.timeout", defaultValue = "30s") Duration timeout,
                      @ConfigProperty(name = "fluxtap.sql.max-rows", defaultValue = "10000") int maxRows,
                      @ConfigProperty(name = "fluxtap.sql.threads", defaultValue = "2") int threads) {
        if (timeout.isNegative() || timeout.isZero() || maxRows < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.sql.timeout, fluxtap.sql.max-rows and fluxtap.sql.threads must be positive");
        }
        this.threads = new QueryThreads("fluxtap-sql", threads);
        this.database = database;
        this.guard = new ReadOnlyGuard(database.dataDir(), Path.of(""));
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    public SqlConsole(DuckDbDatabase database, Duration timeout, int maxRows) {
        this(database, timeout, maxRows, 2);
    }

    /**
     * @throws SqlRefusedException when the statement is not allowed, DuckDB cannot run it (its message), or it
     *                             ran out of time
     */
    public SqlResult run(String sql) {
        Rows<JsonNode> rows = run(sql, timeout, SqlValues::toJson);
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (List<JsonNode> row : rows.rows()) {
            json.addArray().addAll(row);
        }
        return new SqlResult(rows.columns(), json, rows.truncated());
    }

    /**
     * The statement under the same guard and row limit, stopped after {@code limit} or {@code fluxtap.sql.timeout},
     * whichever is shorter, with each value as {@code values} reads it (the SQL port's Java values).
     *
     * @throws SqlRefusedException as {@link #run(String)}, its {@link SqlRefusedException#reason()} saying which
     */
    <V> Rows<V> run(String sql, Duration limit, ValueReader<V> values) {
        if (sql == null || sql.isBlank()) {
            throw new SqlRefusedException("no statement: send one SELECT statement");
        }
        Duration applied = limit.compareTo(timeout) < 0 ? limit : timeout;
        long deadline = System.nanoTime() + applied.toNanos();
        try {
            return threads.call(() -> database.jdbi().withHandle(
                    handle -> execute(handle.getConnection(), sql, deadline, applied, values)), deadline);
        } catch (TimeoutException e) {
            throw timedOut(applied);
        } catch (InterruptedException e) {
            // The request went away (its connection closed, or the server stops); the statement stops at its limit.
            Thread.currentThread().interrupt();
            throw new SqlRefusedException(SqlRefusedException.Reason.INTERRUPTED,
                    "the request was interrupted before the statement finished");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the SQL console failed: " + e, e);
        }
    }

    /** Turns one JDBC value of a column of the given DuckDB type into what a caller of the console gets. */
    @FunctionalInterface
    interface ValueReader<V> {
        V read(Object value, String typeName) throws SQLException;
    }

    /** A statement's columns and rows, as {@link SqlResult} without the JSON. */
    record Rows<V>(List<SqlResult.Column> columns, List<List<V>> rows, boolean truncated) {
    }

    private <V> Rows<V> execute(Connection connection, String sql, long deadline, Duration applied,
                                ValueReader<V> values) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try {
            guard.check(connection, sql);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timedOut(applied);
            }
            try (Statement statement = connection.createStatement()) {
                ScheduledFuture<?> cancel = canceller.schedule(() -> {
                    timedOut.set(true);
                    statement.cancel();
                    return null;
                }, remaining, TimeUnit.NANOSECONDS);
                try (ResultSet rs = statement.executeQuery(limited(sql))) {
                    return read(rs, values);
                } finally {
                    cancel.cancel(false);
                }
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw timedOut(applied);
            }
            throw new SqlRefusedException(SqlRefusedException.Reason.FAILED, e.getMessage());
        }
    }

    private SqlRefusedException timedOut(Duration applied) {
        return new SqlRefusedException(SqlRefusedException.Reason.TIMED_OUT, "the statement ran longer than "
                + format(applied) + (applied.equals(timeout) ? " (fluxtap.sql.timeout)" : "") + " and was cancelled");
    }

    /**
     * The checked statement inside an outer LIMIT of one row more than is returned, so DuckDB stops producing
     * rows there instead of materializing a huge result (the JDBC driver's streaming mode would also stop early,
     * but it loses DuckDB's error messages for errors raised while rows are produced). DuckDB keeps the inner
     * ORDER BY through the outer projection. The newline ends a trailing line comment before the parenthesis.
     */
    private String limited(String sql) {
        String statement = sql.strip().replaceFirst("[;\\s]+$", "");
        return "SELECT * FROM (\n" + statement + "\n) AS fluxtap_console LIMIT " + (maxRows + 1L);
    }

    private <V> Rows<V> read(ResultSet rs, ValueReader<V> values) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new SqlResult.Column(meta.getColumnName(i), meta.getColumnTypeName(i)));
        }
        List<List<V>> rows = new ArrayList<>();
        boolean more = rs.next();
        while (more && rows.size() < maxRows) {
            List<V> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(values.read(rs.getObject(i), columns.get(i - 1).type()));
            }
            rows.add(row);
            more = rs.next();
        }
        return new Rows<>(columns, rows, more);
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    @PreDestroy
    void stop() {
        threads.close();
        canceller.shutdownNow();
    }
}
