package io.fluxtap.storage.sql;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.warehouse.Warehouse;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SQL console in a real server over a real DuckDB. Surefire runs this class in its own working directory
 * (target/sql-console-cwd, see the pom) with the data directory {@code ./data}, so the seed queries of DESIGN.md
 * run exactly as written.
 */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "data")
@AddConfig(key = "fluxtap.sql.timeout", value = "2s")
@AddConfig(key = "fluxtap.sql.max-rows", value = "5")
class SqlConsoleHttpTest extends ServerTest {

    private static final String SEED_ERRORS = """
            SELECT gear_id, count(*) AS error_count FROM (
              SELECT gear_id, level, ts FROM active_logs
              UNION ALL SELECT gear_id, level, ts FROM read_parquet('./data/telemetry/logs/**/*.parquet'))
            WHERE level = 'error' AND ts > NOW() - INTERVAL '4 hours' GROUP BY 1 ORDER BY 2 DESC;""";
    private static final String SEED_VISA = """
            SELECT bin, currency, SUM(amount) AS total
            FROM './data/messages/fluxSpec/visa-v1/**/*.parquet'
            WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC;""";

    /** With -Dtest=SqlConsoleHttpTest the default execution picks this class too, in the module directory. */
    @BeforeAll
    static void onlyInItsOwnWorkingDirectory() {
        assumeTrue(Path.of("").toAbsolutePath().endsWith("sql-console-cwd"), "runs in the sql-console execution");
    }

    @Inject
    DuckDbDatabase database;

    @Inject
    Warehouse warehouse;

    /**
     * Rows through the sink, the closed hours' exported by the warehouse; message files where the warehouse
     * puts them. Other tests of the class share the data directory, so this run's gears have names of their own
     * and only their rows are compared.
     */
    @Test
    void theSeedQueriesRunAsWrittenOverHotAndColdRows() throws Exception {
        String run = UUID.randomUUID().toString();
        String a = "gear-a-" + run;
        String b = "gear-b-" + run;
        Instant now = Instant.now();
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            logs.add(log(a, Level.ERROR, now)); // the current hour: stays hot
        }
        logs.add(log(b, Level.ERROR, now.minus(2, ChronoUnit.HOURS))); // closed hours: the warehouse exports them
        logs.add(log(b, Level.WARN, now.minus(2, ChronoUnit.HOURS)));
        for (int i = 0; i < 4; i++) {
            logs.add(log(b, Level.ERROR, now.minus(3, ChronoUnit.HOURS)));
        }
        logs.add(log(a, Level.ERROR, now.minus(5, ChronoUnit.HOURS))); // older than the seed query's 4 hours
        try (RecordSink.Writer writer = sink.openWriter(Lane.P1)) {
            writer.write(new RecordBatch(Lane.P1, logs));
        }
        warehouse.exportClosedHours();
        Path dir = database.dataDir();
        String ours = " WHERE gear_id IN ('" + a + "', '" + b + "')";
        assertEquals(3, ok("SELECT count(*) FROM active_logs" + ours).get("rows").get(0).get(0).asInt(),
                "the current hour's rows are hot");
        assertEquals(7, ok("SELECT count(*) FROM read_parquet('" + dir + "/telemetry/logs/**/*.parquet')" + ours)
                .get("rows").get(0).get(0).asInt(), "the closed hours' rows are in the warehouse's files");

        // Business messages of the seed's wire as the warehouse lays them out, with the promoted columns.
        Path visaHour = Files.createDirectories(dir.resolve("messages/fluxSpec/visa-v1/2026/11/22/09"));
        Connection connection = database.openConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES ('" + run + "', 'EUR', 10.5, now() - INTERVAL 1 HOUR),"
                    + " ('" + run + "', 'EUR', 4.5, now() - INTERVAL 2 HOUR), ('" + run + "', 'USD', 7.0, now() - INTERVAL 3 HOUR),"
                    + " ('" + run + "', 'USD', 100.0, now() - INTERVAL 30 HOUR)) AS t(bin, currency, amount, ts))"
                    + " TO '" + visaHour.resolve("messages_visa_" + run + ".parquet") + "' (FORMAT parquet)");
        } finally {
            database.closeConnection(connection);
        }

        JsonNode errors = ok(SEED_ERRORS);
        assertEquals(MAPPER.readTree("[{\"name\":\"gear_id\",\"type\":\"VARCHAR\"},{\"name\":\"error_count\",\"type\":\"BIGINT\"}]"),
                errors.get("columns"));
        assertEquals(List.of(b + "=5", a + "=3"), StreamSupport.stream(errors.get("rows").spliterator(), false)
                .filter(row -> row.get(0).asText().endsWith(run)).map(row -> row.get(0).asText() + "=" + row.get(1).asInt()).toList());

        JsonNode visa = ok(SEED_VISA);
        assertEquals(List.of("EUR=15.0", "USD=7.0"), StreamSupport.stream(visa.get("rows").spliterator(), false)
                .filter(row -> row.get(0).asText().equals(run)).map(row -> row.get(1).asText() + "=" + row.get(2).asDouble()).toList());

        // The warehouse's files read with an absolute path as well as with the seed's relative one.
        assertEquals(6, ok("SELECT count(*) FROM read_parquet('" + dir + "/telemetry/logs/**/*.parquet') WHERE gear_id = '"
                + b + "'").get("rows").get(0).get(0).asInt());
    }

    @Test
    void theViewsAndJsonBodiesWork() throws Exception {
        try (Response response = target.path("/api/v1/sql").request()
                .post(Entity.json("{\"sql\": \"SELECT count(*) AS n FROM logs, spans, metrics, messages\"}"))) {
            assertEquals(200, response.getStatus());
            assertEquals("n", MAPPER.readTree(response.readEntity(String.class)).get("columns").get(0).get("name").asText());
        }
        assertEquals("ts", ok("DESCRIBE logs").get("rows").get(0).get(0).asText());
        assertTrue(ok("SHOW TABLES").get("rows").toString().contains("\"active_logs\""));
        assertEquals("ts", ok("SUMMARIZE logs").get("rows").get(0).get(0).asText());
    }

    @Test
    void valuesAreTypedJson() throws Exception {
        JsonNode json = ok("""
                SELECT 18446744073709551615::UBIGINT AS u, 1.25::DECIMAL(10,2) AS d, 2.5::DOUBLE AS f, true AS b,
                       TIMESTAMPTZ '2026-11-22 10:00:00.5+02' AS tz, TIMESTAMP '2026-11-22 10:00:00' AS t,
                       DATE '2026-11-22' AS day, '{"k":[1,2]}'::JSON AS j, MAP {'a': 1} AS m, [1, 2] AS l,
                       {'x': 'y', 'n': [true]} AS s, NULL::INTEGER AS nothing, 'text' AS v""");
        assertEquals(MAPPER.readTree("""
                [18446744073709551615, 1.25, 2.5, true, "2026-11-22T08:00:00.5Z", "2026-11-22T10:00", "2026-11-22",
                 {"k":[1,2]}, {"a":1}, [1,2], {"x":"y","n":[true]}, null, "text"]"""), json.get("rows").get(0));
        assertEquals("UBIGINT", json.get("columns").get(0).get("type").asText());
        assertEquals("TIMESTAMP WITH TIME ZONE", json.get("columns").get(4).get("type").asText());
    }

    @Test
    void rowsBeyondTheLimitAreCutAndFlagged() throws Exception {
        JsonNode json = ok("SELECT range AS n FROM range(1000000000)");
        assertEquals(MAPPER.readTree("[[0],[1],[2],[3],[4]]"), json.get("rows"));
        assertEquals(5, json.get("row_count").asInt());
        assertTrue(json.get("truncated").asBoolean());
    }

    @Test
    void aStatementOverTheTimeLimitIsCancelled() throws Exception {
        assertRefused("SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range * b.range = -1",
                "the statement ran longer than 2s (fluxtap.sql.timeout) and was cancelled");
        ok("SELECT 1");
    }

    @Test
    void aTrailingSemicolonOrCommentIsPartOfOneStatement() throws Exception {
        assertEquals(MAPPER.readTree("[[1]]"), ok("SELECT 1 AS one;  ").get("rows"));
        assertEquals(MAPPER.readTree("[[1]]"), ok("SELECT 1 AS one -- the answer").get("rows"));
        assertEquals(MAPPER.readTree("[[3],[2],[1]]"),
                ok("WITH t(n) AS (VALUES (1), (2), (3)) SELECT n FROM t ORDER BY n DESC").get("rows"));
    }

    @Test
    void duckDbErrorsAre400WithItsMessage() throws Exception {
        assertRefused("SELECT nosuch FROM logs", "Binder Error: Referenced column \"nosuch\" not found");
        assertRefused("SELEC 1", "Parser Error: syntax error at or near \"SELEC\"");
        // Raised while rows are produced, not while the statement is prepared: the message must still be DuckDB's.
        assertRefused("SELECT CAST(x AS INTEGER) FROM (VALUES ('a')) t(x)",
                "Conversion Error: Could not convert string 'a' to INT32");
        assertRefused("  ", "no statement");
    }

    @Test
    void everythingButOneReadOnlySelectIsRefused() throws Exception {
        String onlyRead = "only one read-only statement is allowed";
        for (String statement : List.of(
                "INSERT INTO active_logs (ts, level) VALUES (now(), 'error')",
                "UPDATE active_logs SET level = 'x'",
                "DELETE FROM active_logs",
                "CREATE TABLE t (x INTEGER)",
                "CREATE VIEW v AS SELECT 1",
                "DROP VIEW logs",
                "ALTER TABLE active_logs ADD COLUMN x INTEGER",
                "ATTACH '/tmp/other.duckdb' AS other",
                "DETACH other",
                "COPY active_logs TO '/tmp/out.parquet'",
                "COPY (SELECT 1) TO 'data/out.csv'",
                "INSTALL httpfs",
                "LOAD httpfs",
                "PRAGMA database_list",
                "SET enable_external_access = true",
                "SET threads = 1",
                "RESET threads",
                "CALL duckdb_settings()",
                "EXPORT DATABASE '/tmp/export'",
                "IMPORT DATABASE '/tmp/export'",
                "EXPLAIN SELECT 1",
                "WITH x AS (SELECT 1) INSERT INTO active_logs SELECT * FROM x",
                "SELECT 1; DROP TABLE active_logs")) {
            assertRefused(statement, onlyRead);
        }
        assertRefused("SELECT 1; SELECT 2", "exactly one statement per request, found 2");
    }

    @Test
    void filesOutsideTheDataDirectoryAndRiskyFunctionsAreRefused() throws Exception {
        Path outside = Files.createDirectories(Path.of("outside").toAbsolutePath());
        Files.writeString(outside.resolve("secret.parquet"), "not really parquet");
        Path link = database.dataDir().resolve("link-out");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);

        assertRefused("SELECT * FROM read_csv('/etc/passwd')", "the table function read_csv is not allowed");
        assertRefused("SELECT * FROM read_csv_auto('data/fluxtap.duckdb')", "the table function read_csv_auto is not allowed");
        assertRefused("SELECT * FROM read_text('/etc/passwd')", "the table function read_text is not allowed");
        assertRefused("SELECT * FROM read_blob('data/fluxtap.duckdb')", "the table function read_blob is not allowed");
        assertRefused("SELECT * FROM glob('/etc/*')", "the table function glob is not allowed");
        assertRefused("SELECT * FROM query('SELECT 1')", "the table function query is not allowed");
        assertRefused("SELECT * FROM query_table('logs')", "the table function query_table is not allowed");
        assertRefused("SELECT * FROM read_parquet('/etc/x.parquet')", "cannot read '/etc/x.parquet': only files inside the data directory");
        assertRefused("SELECT * FROM read_parquet('../x.parquet')", "cannot read '../x.parquet': '..' is not allowed");
        assertRefused("SELECT * FROM read_parquet('./data/telemetry/../../x.parquet')", "cannot read './data/telemetry/../../x.parquet': '..' is not allowed");
        assertRefused("SELECT * FROM read_parquet(['./data/a.parquet', '/tmp/b.parquet'])", "cannot read '/tmp/b.parquet'");
        assertRefused("SELECT * FROM read_parquet('./data/' || 'x.parquet')", "read_parquet takes file paths written as string constants");
        assertRefused("SELECT * FROM read_parquet('s3://bucket/x.parquet')", "cannot read 's3://bucket/x.parquet': URLs and schemes");
        assertRefused("SELECT * FROM read_parquet('./data/link-out/secret.parquet')", "cannot read './data/link-out/secret.parquet': it leads out of the data directory");
        assertRefused("SELECT * FROM './data/link-out/*.parquet'", "cannot read './data/link-out/*.parquet': it leads out of the data directory");
        // A glob part before the link: DuckDB's own error would tell whether outside/secret.parquet exists.
        assertRefused("SELECT * FROM read_parquet('./data/lin*-out/secret.parquet')", "cannot read './data/lin*-out/secret.parquet': it leads out of the data directory");
        assertRefused("SELECT * FROM './data/*/secret.parquet'", "cannot read './data/*/secret.parquet': it leads out of the data directory");
        assertRefused("SELECT * FROM pg_catalog.pg_settings", "the catalog view pg_settings is not allowed");
        assertRefused("SELECT name, setting FROM pg_settings WHERE name = 'allowed_directories'", "the catalog view pg_settings is not allowed");
        assertRefused("SELECT * FROM duckdb_settings()", "the table function duckdb_settings is not allowed");
        assertRefused("FROM '/etc/passwd'", "cannot read '/etc/passwd': only Parquet files");
        assertRefused("SELECT * FROM '/etc/hosts.parquet'", "cannot read '/etc/hosts.parquet': only files inside the data directory");
        assertRefused("SELECT * FROM \"./data/fluxtap.duckdb\"", "cannot read './data/fluxtap.duckdb': only Parquet files");
        assertRefused("SELECT getenv('HOME')", "the function getenv is not allowed");
        assertRefused("SELECT current_setting('allowed_directories')", "the function current_setting is not allowed");
        assertRefused("SELECT * FROM logs WHERE body IN (SELECT content FROM read_text('/etc/passwd'))", "the table function read_text is not allowed");
        assertRefused("WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x", "the table function read_csv is not allowed");
        // The SQL text of a statement is never run as SQL of its own: a string holding SQL stays a string.
        assertEquals("DROP TABLE active_logs", ok("SELECT 'DROP TABLE active_logs' AS s").get("rows").get(0).get(0).asText());
    }

    private JsonNode ok(String sql) throws Exception {
        try (Response response = post(sql)) {
            String body = response.readEntity(String.class);
            assertEquals(200, response.getStatus(), body);
            return MAPPER.readTree(body);
        }
    }

    private void assertRefused(String sql, String messageStart) throws Exception {
        try (Response response = post(sql)) {
            String body = response.readEntity(String.class);
            assertEquals(400, response.getStatus(), sql + " -> " + body);
            String error = MAPPER.readTree(body).get("error").asText();
            assertTrue(error.startsWith(messageStart), sql + " -> " + error);
        }
    }

    private Response post(String sql) {
        return target.path("/api/v1/sql").request().post(Entity.entity(sql, MediaType.TEXT_PLAIN_TYPE));
    }

    private static LogRecord log(String gear, Level level, Instant ts) {
        return new LogRecord(ts, ts, null, null, null, null, "svc", gear, level, level.severityNumber(), "b", Map.of(), Map.of());
    }
}
