package io.fluxtap.storage.sql;

import io.fluxtap.api.QueryException;
import io.fluxtap.api.QueryException.Kind;
import io.fluxtap.api.SqlQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL port over the SQL console: the same guard, row limit, threads and time limit as {@code POST /api/v1/sql},
 * values as Java objects instead of JSON ({@link SqlValues#toJava}).
 */
@ApplicationScoped
public class ConsoleSqlQueries implements SqlQueries {

    private final SqlConsole console;

    @Inject
    public ConsoleSqlQueries(SqlConsole console) {
        this.console = console;
    }

    @Override
    public Result query(String sql, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new QueryException(Kind.BAD_DATA, "the timeout must be positive, was " + timeout);
        }
        SqlConsole.Rows<Object> rows;
        try {
            rows = console.run(sql, timeout, SqlValues::toJava);
        } catch (SqlRefusedException e) {
            throw new QueryException(switch (e.reason()) {
                case REFUSED -> Kind.BAD_DATA;
                case FAILED -> Kind.EXECUTION;
                case TIMED_OUT -> Kind.TIMEOUT;
                case INTERRUPTED -> Kind.CANCELED;
            }, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new QueryException(Kind.INTERNAL, e.getMessage(), e);
        }
        List<Column> columns = new ArrayList<>(rows.columns().size());
        rows.columns().forEach(c -> columns.add(new Column(c.name(), c.type())));
        return new Result(columns, rows.rows(), rows.truncated());
    }
}
