package io.fluxtap.storage.sql;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fluxtap.api.DurationText;
import io.fluxtap.storage.duck.DuckDbDatabase;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one read-only statement of a user's over the views and the warehouse files: checked by
 * {@link ReadOnlyGuard}, cancelled after {@code fluxtap.sql.timeout}, at most {@code fluxtap.sql.max-rows} rows
 * handed out. Results stream from DuckDB, so a huge result is never held in memory beyond those rows.
 */
@ApplicationScoped
public class SqlConsole {

    private final DuckDbDatabase database;
    private final ReadOnlyGuard guard;
    private final Duration timeout;
    private final int maxRows;
    private final ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fluxtap-sql-timeout").daemon().factory());

    @Inject
    public SqlConsole(DuckDbDatabase database,
                      @ConfigProperty(name = "fluxtap.sql.timeout", defaultValue = "30s") String timeout,
                      @ConfigProperty(name = "fluxtap.sql.max-rows", defaultValue = "10000") int maxRows) {
        this(database, DurationText.parse("fluxtap.sql.timeout", timeout), maxRows);
    }

    public SqlConsole(DuckDbDatabase database, Duration timeout, int maxRows) {
        if (timeout.isNegative() || timeout.isZero() || maxRows < 1) {
            throw new IllegalArgumentException("fluxtap.sql.timeout and fluxtap.sql.max-rows must be positive");
        }
        this.database = database;
        this.guard = new ReadOnlyGuard(database.dataDir(), Path.of(""));
        this.timeout = timeout;
        this.maxRows = maxRows;
    }

    /**
     * @throws SqlRefusedException when the statement is not allowed, DuckDB cannot run it (its message), or it
     *                             ran out of time
     */
    public SqlResult run(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new SqlRefusedException("no statement: send one SELECT statement");
        }
        return database.jdbi().withHandle(handle -> execute(handle.getConnection(), sql));
    }

    private SqlResult execute(Connection connection, String sql) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try {
            guard.check(connection, sql);
            try (Statement statement = connection.createStatement()) {
                ScheduledFuture<?> cancel = canceller.schedule(() -> {
                    timedOut.set(true);
                    statement.cancel();
                    return null;
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
                try (ResultSet rs = statement.executeQuery(limited(sql))) {
                    return read(rs);
                } finally {
                    cancel.cancel(false);
                }
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new SqlRefusedException("the statement ran longer than " + format(timeout)
                        + " (fluxtap.sql.timeout) and was cancelled");
            }
            throw new SqlRefusedException(e.getMessage());
        }
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

    private SqlResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(new SqlResult.Column(meta.getColumnName(i), meta.getColumnTypeName(i)));
        }
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        boolean more = rs.next();
        while (more && rows.size() < maxRows) {
            ArrayNode row = rows.addArray();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(SqlValues.toJson(rs.getObject(i), columns.get(i - 1).type()));
            }
            more = rs.next();
        }
        return new SqlResult(columns, rows, more);
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    @PreDestroy
    void stop() {
        canceller.shutdownNow();
    }
}
