package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogQuerySyntaxException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.query.filter.FieldSchema;
import io.fluxtap.storage.query.filter.FilterExpression;
import io.fluxtap.storage.query.filter.FilterExpression.Comparison;
import io.fluxtap.storage.query.filter.FilterExpression.Field;
import io.fluxtap.storage.query.filter.FilterExpression.In;
import io.fluxtap.storage.query.filter.FilterExpression.Operator;
import io.fluxtap.storage.query.filter.FilterExpression.StringLiteral;
import io.fluxtap.storage.query.filter.FilterSyntaxException;
import io.fluxtap.storage.query.filter.SqlFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Log search and live tail over the {@code logs} view (hot table and warehouse alike). The SQL is assembled from
 * fixed fragments and a {@link SqlFilter}; every value a user supplied is a bound parameter.
 *
 * <p>Order is {@code ts} then a hash of the whole row, so records sharing a timestamp have a stable order and a
 * {@link LogCursor} can stand between any two of them.
 */
@ApplicationScoped
public class DuckDbLogQuery implements LogQuery {

    private static final LogRowMapper LOG_MAPPER = new LogRowMapper();
    private static final RowMapper<Row> ROW_MAPPER = (rs, ctx) ->
            new Row(LOG_MAPPER.map(rs, ctx), rs.getLong("ts_us"), rs.getLong("row_hash"), 0);
    private static final RowMapper<Row> BOUNDED_ROW_MAPPER = (rs, ctx) ->
            new Row(LOG_MAPPER.map(rs, ctx), rs.getLong("ts_us"), rs.getLong("row_hash"), rs.getLong("candidates"));

    /**
     * A lower estimate of a record's bytes in a page: its longest texts plus the part every record has. DuckDB
     * cuts a bounded page with it before any row reaches Java, because its JDBC driver turns a whole chunk of
     * 2048 rows into Java strings at the first {@code next()} (2048 bodies of 100 KB: 200 MB of heap); the
     * exact cut ({@link PageBound#size()}) is made in Java on what is left.
     */
    private static final String ROW_BYTES = """
            (200 + strlen(coalesce(body, '')) + strlen(coalesce(CAST(attributes AS VARCHAR), ''))
             + strlen(coalesce(CAST(resource AS VARCHAR), '')) + strlen(coalesce(entity_name, ''))
             + strlen(coalesce(machine_id, '')) + strlen(coalesce(gear_id, '')))""";

    /**
     * The tie-breaker, over every column (rows that hash alike must be identical, see {@link #rows}). JSON columns are hashed as text so a row hashes alike in the active table and in a Parquet
     * file (where they are VARCHAR); the shift keeps the hash inside a signed BIGINT for the cursor.
     */
    private static final String ROW_HASH = """
            CAST(hash(ts, observed_ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level,
                      severity_number, body, CAST(attributes AS VARCHAR), CAST(resource AS VARCHAR), severity_text,
                      scope_name, scope_version, CAST(scope_attributes AS VARCHAR), time_unix_nano,
                      observed_time_unix_nano) >> 1 AS BIGINT)""";
    private static final String SELECT = "SELECT " + LogRowMapper.COLUMNS + ", " + ROW_HASH + " AS row_hash FROM logs WHERE ";

    private final DuckDbDatabase database;

    @Inject
    public DuckDbLogQuery(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<LogRecord> search(LogSearch search) {
        return page(filterOf(search), null, search.limit()).logs();
    }

    /**
     * The newest records matching the filter that lie behind {@code before} (all when null), newest first.
     *
     * @throws IllegalArgumentException when DuckDB refuses a value of the filter (e.g. a malformed regex)
     */
    public LogPage page(SqlFilter filter, LogCursor before, int limit) {
        return page(filter, before, limit, PageBound.NONE);
    }

    /** As {@link #page(SqlFilter, LogCursor, int)}, cut early where the records reach {@code bound}. */
    public LogPage page(SqlFilter filter, LogCursor before, int limit, PageBound bound) {
        Rows read = rows(filter, before, limit + 1, true, bound);
        List<Row> rows = read.rows();
        List<Row> page = rows.subList(0, Math.min(limit, rows.size()));
        boolean truncated = read.cut() && rows.size() < limit;
        boolean more = rows.size() > limit || read.cut();
        return new LogPage(records(page), more ? position(page, before) : null, truncated);
    }

    /**
     * The oldest records matching the filter that are newer than {@code after}, oldest first. Without
     * {@code after}: the newest {@code limit} records, oldest first, to start a tail from.
     */
    public LogPage tail(SqlFilter filter, LogCursor after, int limit) {
        return tail(filter, after, limit, PageBound.NONE);
    }

    /**
     * As {@link #tail(SqlFilter, LogCursor, int)}, cut early where the records reach {@code bound}: after
     * {@code after} the rest follows from the cursor; without it the tail starts with the newest that fit.
     */
    public LogPage tail(SqlFilter filter, LogCursor after, int limit, PageBound bound) {
        Rows read = rows(filter, after, limit, after == null, bound);
        List<Row> rows = read.rows();
        if (after == null) {
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        return new LogPage(records(rows), rows.isEmpty() ? after : position(rows, after),
                read.cut() && rows.size() < limit);
    }

    /**
     * The neighbours in the order pages use ({@code ts}, then the row hash). Identical copies of the record (one
     * hash) are all left out before it and shown after it, so none is listed twice.
     */
    @Override
    public LogContext context(LogRecord record, int each) {
        LogContext.checkEach(each);
        SqlFilter service = record.entityName() == null ? new SqlFilter("entity_name IS NULL", List.of())
                : new SqlFilter("entity_name = ?", List.of(record.entityName()));
        long tsMicros = EpochMicros.of(record.timestamp());
        List<Row> same = database.query(handle -> {
            Query query = handle.createQuery(SELECT + "(" + service.sql() + ") AND ts = make_timestamptz(?)"
                    + " ORDER BY row_hash LIMIT ?");
            int i = 0;
            for (Object parameter : service.parameters()) {
                query.bind(i++, parameter);
            }
            return query.bind(i++, tsMicros).bind(i, LogSearch.MAX_LIMIT).map(ROW_MAPPER).list();
        });
        // A record not stored sits before every row of its timestamp: row hashes are shifted right, so none is
        // Long.MIN_VALUE, and skipping one row there skips nothing.
        LogCursor before = new LogCursor(tsMicros, Long.MIN_VALUE, 1);
        LogCursor after = before;
        for (Row row : same) {
            if (row.record().equals(record)) {
                long copies = same.stream().filter(row::samePosition).count();
                before = new LogCursor(row.tsMicros(), row.rowHash(), copies);
                after = new LogCursor(row.tsMicros(), row.rowHash(), 1);
                break;
            }
        }
        List<LogRecord> earlier = new ArrayList<>(page(service, before, each).logs());
        Collections.reverse(earlier);
        return new LogContext(earlier, record, tail(service, after, each).logs());
    }

    /** Keys of the top-level JSON object {@code attributes} (flat: a dotted key is one key). */
    @Override
    public List<String> attributeKeys(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        SqlFilter range = timeRange(from, to);
        String sql = "SELECT DISTINCT k FROM (SELECT unnest(json_keys(attributes)) AS k FROM (SELECT attributes FROM logs"
                + " WHERE (" + range.sql() + ") ORDER BY ts DESC LIMIT ?)) ORDER BY k LIMIT ?";
        return database.query(handle -> {
            Query query = handle.createQuery(sql);
            int i = 0;
            for (Object parameter : range.parameters()) {
                query.bind(i++, parameter);
            }
            return query.bind(i++, KEY_SAMPLE).bind(i, limit).mapTo(String.class).list();
        });
    }

    /**
     * Integer bucket arithmetic: DuckDB's {@code time_bucket} on TIMESTAMPTZ is about three times slower. Written
     * {@code divide()}, not {@code //}, which Jdbi's statement parser takes for the start of something that hides
     * the {@code ?} after it.
     */
    @Override
    public List<LevelCount> levelCounts(LogSearch search, Duration step) {
        long stepMillis = LogQuery.checkStep(step);
        SqlFilter filter = filterOf(search);
        String sql = "SELECT level, divide(epoch_ms(ts), " + stepMillis + ") * " + stepMillis + " AS bucket, count(*) AS n"
                + " FROM logs WHERE (" + filter.sql() + ") GROUP BY ALL";
        try {
            return database.query(handle -> {
                Query query = handle.createQuery(sql);
                int i = 0;
                for (Object parameter : filter.parameters()) {
                    query.bind(i++, parameter);
                }
                return query.map((rs, ctx) -> new LevelCount(Level.parseLabel(rs.getString("level")),
                        Instant.ofEpochMilli(rs.getLong("bucket")), rs.getLong("n"))).list();
            });
        } catch (StatementException e) {
            throw userError(e);
        }
    }

    @Override
    public List<String> entityNames() {
        return database.query(handle -> handle
                .createQuery("SELECT DISTINCT entity_name FROM logs WHERE entity_name IS NOT NULL ORDER BY 1")
                .mapTo(String.class)
                .list());
    }

    /** {@code ts} in {@code [from, to)}; either bound may be null. */
    public static SqlFilter timeRange(Instant from, Instant to) {
        SqlFilter range = SqlFilter.ALL;
        if (from != null) {
            range = range.and(new SqlFilter("ts >= make_timestamptz(?)", List.of(EpochMicros.of(from))));
        }
        if (to != null) {
            range = range.and(new SqlFilter("ts < make_timestamptz(?)", List.of(EpochMicros.of(to))));
        }
        return range;
    }

    /**
     * The dashboard's search expressed in the filter language's terms, so both share one translation; its
     * {@link LogSearch#query()} is ANDed as written.
     *
     * @throws LogQuerySyntaxException when the query does not parse or does not fit the logs' fields
     */
    static SqlFilter filterOf(LogSearch search) {
        List<FilterExpression> parts = new ArrayList<>();
        if (search.entityName() != null) {
            parts.add(new Comparison(new Field(null, "entity_name", 0), Operator.EQ, new StringLiteral(search.entityName(), 0)));
        }
        if (!search.levels().isEmpty()) {
            parts.add(new In(new Field(null, "level", 0),
                    search.levels().stream().map(Level::label).sorted().<FilterExpression.Literal>map(l -> new StringLiteral(l, 0)).toList(),
                    false));
        }
        if (search.contains() != null) {
            parts.add(new Comparison(new Field(null, "body", 0), Operator.CONTAINS, new StringLiteral(search.contains(), 0)));
        }
        SqlFilter filter = parts.stream().reduce(FilterExpression.And::new)
                .map(expression -> SqlFilter.compile(expression, FieldSchema.LOGS)).orElse(SqlFilter.ALL);
        return query(search.query()).and(filter).and(timeRange(search.from(), search.to()));
    }

    /** The api's own exception, so a caller that knows only {@link LogQuery} can point at the mistake. */
    private static SqlFilter query(String text) {
        try {
            return SqlFilter.parse(text, FieldSchema.LOGS);
        } catch (FilterSyntaxException e) {
            throw new LogQuerySyntaxException(e.reason(), e.position(), e);
        }
    }

    /**
     * Rows past the cursor in the given direction. Rows exactly at the cursor's (ts, hash) are identical, so
     * skipping the first {@code skip} of them in any order skips the ones handed out already.
     */
    private Rows rows(SqlFilter matching, LogCursor cursor, int limit, boolean newestFirst, PageBound bound) {
        SqlFilter filter = withinNewest(matching, cursor, limit, newestFirst);
        List<Object> parameters = new ArrayList<>();
        String sql;
        String order = newestFirst ? " ORDER BY ts_us DESC, row_hash DESC" : " ORDER BY ts_us, row_hash";
        if (cursor == null) {
            sql = SELECT + "(" + filter.sql() + ")" + order + " LIMIT ?";
            parameters.addAll(filter.parameters());
        } else {
            String beyond = newestFirst ? "<" : ">";
            sql = "SELECT * FROM ((" + SELECT + "(" + filter.sql() + ") AND ts = make_timestamptz(?) AND " + ROW_HASH
                    + " = ? OFFSET ?) UNION ALL (" + SELECT + "(" + filter.sql() + ") AND (ts " + beyond
                    + " make_timestamptz(?) OR (ts = make_timestamptz(?) AND " + ROW_HASH + " " + beyond + " ?))))"
                    + order + " LIMIT ?";
            parameters.addAll(filter.parameters());
            parameters.addAll(List.of(cursor.tsMicros(), cursor.rowHash(), cursor.skip()));
            parameters.addAll(filter.parameters());
            parameters.addAll(List.of(cursor.tsMicros(), cursor.tsMicros(), cursor.rowHash()));
        }
        parameters.add(limit);
        boolean bounded = bound.maxBytes() < Long.MAX_VALUE;
        String statement = bounded ? withinBytes(sql, order, bound.maxBytes()) : sql;
        try {
            return database.query(handle -> {
                Query query = handle.createQuery(statement);
                for (int i = 0; i < parameters.size(); i++) {
                    query.bind(i, parameters.get(i));
                }
                return bounded(query.map(bounded ? BOUNDED_ROW_MAPPER : ROW_MAPPER), bound);
            });
        } catch (StatementException e) {
            throw userError(e);
        }
    }

    /**
     * {@code filter} narrowed to the records at or beyond the {@code limit}-th nearest one by time alone. The page's
     * order needs the row hash, over every column; without this bound DuckDB reads all columns of every matching
     * record and hashes them before it keeps the first {@code limit} (10 million records: 1.4 s). Finding the cut
     * time first reads only {@code ts} and the filter's columns (70 ms). The cut is taken strictly beyond the
     * cursor, so the records at the cursor's own time, which the page may still hand out, can only add to the
     * records kept: at least {@code limit} of the page's records lie within it, or all of them do.
     */
    private static SqlFilter withinNewest(SqlFilter filter, LogCursor cursor, int limit, boolean newestFirst) {
        String direction = newestFirst ? "DESC" : "ASC";
        String beyond = newestFirst ? "<" : ">";
        List<Object> parameters = new ArrayList<>(filter.parameters());
        parameters.addAll(filter.parameters());
        String pastCursor = "";
        if (cursor != null) {
            pastCursor = " AND ts " + beyond + " make_timestamptz(?)";
            parameters.add(cursor.tsMicros());
        }
        String cut = "(SELECT ts FROM logs WHERE (" + filter.sql() + ")" + pastCursor + " ORDER BY ts " + direction
                + " LIMIT 1 OFFSET " + Math.max(0, limit - 1) + ")";
        String open = newestFirst ? "'-infinity'" : "'infinity'";
        return new SqlFilter("(" + filter.sql() + ") AND ts " + (newestFirst ? ">=" : "<=") + " coalesce(" + cut
                + ", " + open + "::TIMESTAMPTZ)", parameters);
    }

    /**
     * The rows of {@code sql} (in {@code order}) up to and including the first whose estimated bytes reach
     * {@code maxBytes} (so a page always has a row), each with the number of rows there were before the cut.
     * {@code maxBytes} is configuration, not user input, and is written into the SQL as a number.
     */
    private static String withinBytes(String sql, String order, long maxBytes) {
        String window = order.strip();
        return "SELECT * FROM (SELECT *, sum(row_bytes) OVER (" + window
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS bytes_before, count(*) OVER () AS candidates"
                + " FROM (SELECT *, " + ROW_BYTES + " AS row_bytes FROM (" + sql + ")))"
                + " WHERE coalesce(bytes_before, 0) < " + maxBytes + order;
    }

    /** Rows read, and whether reading stopped at the byte bound with more rows left. */
    private record Rows(List<Row> rows, boolean cut) {
    }

    /** Reads rows one by one and stops before the one that would pass the bound, so no more than that is held. */
    private static Rows bounded(ResultIterable<Row> results, PageBound bound) {
        List<Row> rows = new ArrayList<>();
        long bytes = 0;
        try (ResultIterator<Row> iterator = results.iterator()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                bytes += bound.size().applyAsLong(row.record());
                if (!rows.isEmpty() && bytes > bound.maxBytes()) {
                    return new Rows(rows, true);
                }
                rows.add(row);
            }
        }
        // DuckDB's cut by the estimate left rows out.
        return new Rows(rows, !rows.isEmpty() && rows.size() < rows.getFirst().candidates());
    }

    /**
     * DuckDB reports a value it cannot use (a malformed regular expression) as an Invalid Input Error; the SQL
     * around the values is fixed, so such an error is the filter's and goes back to the caller as one.
     */
    private static RuntimeException userError(StatementException e) {
        Throwable cause = e.getCause();
        String message = cause == null ? null : cause.getMessage();
        if (message != null && message.startsWith("Invalid Input Error")) {
            return new IllegalArgumentException("the filter cannot run: " + message.lines().findFirst().orElse(message), e);
        }
        return e;
    }

    /** The position after the last row; rows at the previous cursor's position add to its count. */
    private static LogCursor position(List<Row> rows, LogCursor previous) {
        Row last = rows.getLast();
        long same = 0;
        for (int i = rows.size() - 1; i >= 0 && rows.get(i).samePosition(last); i--) {
            same++;
        }
        if (previous != null && previous.tsMicros() == last.tsMicros() && previous.rowHash() == last.rowHash()) {
            same += previous.skip();
        }
        return new LogCursor(last.tsMicros(), last.rowHash(), same);
    }

    private static List<LogRecord> records(List<Row> rows) {
        return rows.stream().map(Row::record).toList();
    }

    /** {@code candidates}: rows before DuckDB's cut by bytes (0 when unbounded). */
    private record Row(LogRecord record, long tsMicros, long rowHash, long candidates) {
        boolean samePosition(Row other) {
            return tsMicros == other.tsMicros && rowHash == other.rowHash;
        }
    }
}
