package io.fluxtap.storage.sql;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard alone, over DuckDB's own parser: what it lets through and what it refuses, and why. */
class ReadOnlyGuardTest {

    @TempDir
    Path work;

    private Connection connection;
    private ReadOnlyGuard guard;

    @BeforeEach
    void open() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.createDirectories(data.resolve("telemetry/logs/2026/11/22/10"));
        Files.writeString(data.resolve("telemetry/logs/2026/11/22/10/logs_1.parquet"), "x");
        // A link that stays inside the data directory is harmless.
        Files.createSymbolicLink(data.resolve("telemetry/latest"), data.resolve("telemetry/logs/2026"));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.parquet"), "not really parquet");
        Files.createSymbolicLink(data.resolve("link-out"), outside);
        connection = DriverManager.getConnection("jdbc:duckdb:");
        guard = new ReadOnlyGuard(data, work);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void catalogViewsAndFunctionsThatShowSettingsAreRefused() throws Exception {
        for (String sql : List.of(
                "SELECT * FROM pg_catalog.pg_settings",
                "SELECT * FROM pg_settings",
                "SELECT name, setting FROM system.pg_catalog.pg_settings WHERE name = 'allowed_directories'",
                "SELECT * FROM \"PG_SETTINGS\"",
                "SELECT (SELECT setting FROM pg_settings LIMIT 1)",
                "WITH s AS (FROM pg_settings) SELECT * FROM s",
                "SELECT * FROM duckdb_logs",
                "SELECT * FROM main.duckdb_logs")) {
            assertRefused(sql, "the catalog view ");
        }
        for (String sql : List.of(
                "SELECT current_setting('memory_limit')",
                "SELECT pg_catalog.current_setting('allowed_directories')",
                "SELECT getvariable('x')",
                "SELECT get_block_size('memory')")) {
            assertRefused(sql, "the function ");
        }
        for (String sql : List.of(
                "SELECT * FROM duckdb_settings()",
                "SELECT * FROM duckdb_profiling_settings()",
                "SELECT * FROM duckdb_secrets()",
                "SELECT * FROM duckdb_extensions()",
                "SELECT * FROM which_secret('s3://x', 's3')",
                "SELECT * FROM pragma_database_size()")) {
            assertRefused(sql, "the table function ");
        }
        // The catalog of tables and columns stays readable: that is how a user finds the columns to query.
        guard.check(connection, "SELECT table_name FROM information_schema.tables");
        guard.check(connection, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'logs'");
        guard.check(connection, "SELECT * FROM duckdb_columns");
    }

    @Test
    void aGlobIsExpandedAndEveryMatchMustStayInsideTheDataDirectory() throws Exception {
        for (String path : List.of(
                "data/lin*-out/secret.parquet",
                "data/*/secret.parquet",
                "data/l?nk-out/*.parquet",
                "data/[l]ink-out/secret.parquet",
                "data/**/*.parquet",
                "data/**/secret.parquet",
                "./data/*-out/nothing-here.parquet")) {
            assertRefused("SELECT * FROM read_parquet('" + path + "')",
                    "cannot read '" + path + "': it leads out of the data directory");
            assertRefused("SELECT * FROM '" + path + "'", "cannot read '" + path + "': it leads out of the data directory");
            assertRefused("SELECT * FROM read_parquet(['data/telemetry/logs/2026/11/22/10/logs_1.parquet', '" + path + "'])",
                    "cannot read '" + path + "': it leads out of the data directory");
        }
        // The answer does not depend on what exists outside: a name that is there and one that is not read alike.
        assertEquals(refusal("SELECT * FROM read_parquet('data/*/secret.parquet')").replace("secret", "X"),
                refusal("SELECT * FROM read_parquet('data/*/absent.parquet')").replace("absent", "X"));

        guard.check(connection, "SELECT * FROM read_parquet('data/telemetry/**/*.parquet')");
        guard.check(connection, "SELECT * FROM read_parquet('./data/telemetry/logs/*/*/*/*/*.parquet')");
        guard.check(connection, "SELECT * FROM 'data/telemetry/latest/**/*.parquet'");
        guard.check(connection, "SELECT * FROM read_parquet('data/telemetry/nothing/**/*.parquet')");
    }

    private void assertRefused(String sql, String messageStart) {
        String message = refusal(sql);
        assertTrue(message.startsWith(messageStart), sql + " -> " + message);
    }

    private String refusal(String sql) {
        return assertThrows(SqlRefusedException.class, () -> guard.check(connection, sql), sql).getMessage();
    }
}
