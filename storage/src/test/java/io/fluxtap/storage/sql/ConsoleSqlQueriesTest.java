package io.fluxtap.storage.sql;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.QueryException.Kind;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.api.SqlQueries.Column;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL port over the SQL console and a real DuckDB: the console's guard and limits, values as Java objects. */
class ConsoleSqlQueriesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private DuckDbDatabase db;
    private SqlConsole console;
    private SqlQueries sql;

    @BeforeEach
    void open() {
        db = new DuckDbDatabase(tmp);
        try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, List.of(
                    log("checkout", Level.ERROR, "payment declined", 0),
                    log("checkout", Level.ERROR, "payment timeout", 10),
                    log("cart", Level.ERROR, "lost", 20),
                    log("cart", Level.INFO, "ok", 30)), List.of(), List.of(), RecordBatch.NO_WAL));
        }
        console = new SqlConsole(db, Duration.ofSeconds(5), 3);
        sql = new ConsoleSqlQueries(console);
    }

    @AfterEach
    void close() {
        console.stop();
        db.close();
    }

    @Test
    void aSelectAnswersColumnsAndRows() {
        SqlQueries.Result result = sql.query("SELECT entity_name, count(*) AS errors FROM logs WHERE level = 'error' "
                + "GROUP BY 1 ORDER BY 2 DESC", LONG);
        assertEquals(List.of(new Column("entity_name", "VARCHAR"), new Column("errors", "BIGINT")), result.columns());
        assertEquals(List.of(List.of("checkout", 2L), List.of("cart", 1L)), result.rows());
        assertEquals(1, result.columnIndex("errors"));
        assertEquals(-1, result.columnIndex("nothing"));
        assertFalse(result.truncated());
    }

    @Test
    void valuesComeAsJavaObjects() {
        SqlQueries.Result result = sql.query("SELECT 7::INTEGER AS i, 18446744073709551615::UBIGINT AS u, "
                + "1.25::DECIMAL(5, 2) AS d, 'NaN'::DOUBLE AS nan, true AS b, NULL AS n, "
                + "TIMESTAMPTZ '2026-11-22 10:00:00.123456+00' AS t, [1, 2] AS l", LONG);
        assertEquals(Arrays.asList(7L, new BigInteger("18446744073709551615"), new BigDecimal("1.25"), Double.NaN,
                true, null, Instant.parse("2026-11-22T10:00:00.123456Z"), "[1,2]"), result.rows().get(0));
    }

    @Test
    void theConsolesRowLimitHolds() {
        SqlQueries.Result result = sql.query("SELECT range AS n FROM range(10)", LONG);
        assertEquals(List.of(List.of(0L), List.of(1L), List.of(2L)), result.rows());
        assertTrue(result.truncated());
    }

    @Test
    void aRefusedStatementIsBadData() {
        for (String refused : List.of("DELETE FROM active_logs", "SELECT 1; SELECT 2", "SELECT * FROM read_csv('/etc/passwd')",
                "SELEC 1", " ")) {
            QueryException e = assertThrows(QueryException.class, () -> sql.query(refused, LONG), refused);
            assertEquals(Kind.BAD_DATA, e.kind(), refused + ": " + e.getMessage());
        }
        int left = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM active_logs")
                .mapTo(Integer.class).one());
        assertEquals(4, left, "nothing deleted");
    }

    @Test
    void theDatabasesErrorIsExecution() {
        QueryException e = assertThrows(QueryException.class, () -> sql.query("SELECT no_such_column FROM logs", LONG));
        assertEquals(Kind.EXECUTION, e.kind());
        assertTrue(e.getMessage().contains("no_such_column"), e.getMessage());
    }

    @Test
    void aStatementOverTheCallersTimeoutIsTimeout() {
        QueryException e = assertThrows(QueryException.class, () -> sql.query(
                "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range * b.range = -1",
                Duration.ofMillis(300)));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertEquals("the statement ran longer than 300ms and was cancelled", e.getMessage());
        assertEquals(List.of(List.of(1L)), sql.query("SELECT 1::BIGINT", LONG).rows(), "the console goes on");
    }
}
