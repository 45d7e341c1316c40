package io.fluxtap.storage.duck;

import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.query.DuckDbLogQuery;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades: a data directory written by an older schema is opened by the current code, which migrates it and keeps
 * every row. There is no tagged release yet, so every older schema version stands in for "the previous release":
 * the helper applies the shipped migrations only up to that version and writes rows the way that schema had them
 * (its own column lists, nothing added later), then {@link DuckDbDatabase} opens the directory as the server does.
 */
class SchemaUpgradeTest {

    private static final Instant TS = Instant.parse("2026-11-20T10:15:30.123456Z");

    @TempDir
    Path dataDir;

    static List<Integer> olderVersions() {
        int newest = SchemaMigrations.ALL.getLast().version();
        return IntStream.range(1, newest).boxed().toList();
    }

    @ParameterizedTest(name = "from V{0}")
    @MethodSource("olderVersions")
    void anOlderDataDirectoryIsMigratedAndKeepsItsRows(int version) throws Exception {
        Instant migratedAt = writeOlderDataDirectory(version);

        try (DuckDbDatabase database = new DuckDbDatabase(dataDir)) {
            Connection connection = database.openConnection();
            try {
                int newest = SchemaMigrations.ALL.getLast().version();
                assertEquals(newest, SchemaMigrations.currentVersion(connection));
                assertEquals(IntStream.rangeClosed(1, newest).boxed().toList(),
                        ints(connection, "SELECT version FROM schema_migrations ORDER BY version"));
                assertEquals(migratedAt.toString(), text(connection, "SELECT max(applied_at) FROM schema_migrations"
                        + " WHERE version <= " + version).getFirst(), "the older steps' records are kept as they were");
                // Tables of later migrations are there, empty.
                for (String table : List.of("active_logs", "wal_applied", "active_spans", "metric_series",
                        "active_metrics", "active_messages", "warehouse_files", "alerting_state",
                        "active_alert_history", "active_notification_history")) {
                    assertTrue(ints(connection, "SELECT count(*) FROM information_schema.tables WHERE table_name = '"
                            + table + "'").getFirst() == 1, table + " exists after the upgrade from V" + version);
                }
                assertEquals(List.of("old log"), text(connection, "SELECT body FROM logs"));
                assertEquals(List.of("2026-11-20T10:15:30.123456Z"),
                        text(connection, "SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') FROM logs"));
                // Columns a later migration added read NULL for the old row; readers take NULL there (V9: "use ts").
                assertEquals(List.of("null"), text(connection,
                        "SELECT coalesce(CAST(time_unix_nano AS VARCHAR), 'null') FROM active_logs"));
                if (version >= 2) {
                    assertEquals(List.of(41L), longs(connection, "SELECT lsn FROM wal_applied WHERE lane = 'P1'"),
                            "the WAL position survives, so the WAL is replayed from the right record");
                }
                if (version >= 3) {
                    assertEquals(List.of("GET /old"), text(connection, "SELECT name FROM spans"));
                }
                if (version >= 4) {
                    assertEquals(List.of("old_requests 7.0 legacy", "orphan_requests 8.0 orphaned"), text(connection,
                            "SELECT metric_name || ' ' || CAST(value AS VARCHAR) || ' ' || labels['job'] FROM metrics"
                                    + " ORDER BY metric_name"),
                            "V11 moved the labels to metric_series: each sample keeps its own, even one whose series"
                                    + " row was missing");
                    assertEquals(List.of(2L), longs(connection, "SELECT count(*) FROM metric_series"));
                    assertEquals(List.of(0L), longs(connection, "SELECT count(*) FROM information_schema.columns"
                            + " WHERE table_name = 'active_metrics' AND column_name = 'labels'"));
                }
                if (version >= 5) {
                    assertEquals(List.of("fluxSpec/visa-v1 4242"), text(connection,
                            "SELECT wire_id || ' ' || CAST(flux_id AS VARCHAR) FROM messages"));
                }
                if (version >= 8) {
                    assertEquals(List.of(0L), longs(connection, "SELECT count(*) FROM warehouse_files"));
                }
            } finally {
                database.closeConnection(connection);
            }
            // And through the code the API reads with: the record comes back whole, its time from ts.
            LogRecord old = new DuckDbLogQuery(database).search(new LogSearch("legacy", Set.of(), "old log", null, null,
                    10, null)).getFirst();
            assertEquals(TS, old.timestamp());
            assertEquals("old log", old.body());
            assertNull(old.severityText());
        }
    }

    /** Applies migrations 1..version only and writes one row per table that schema had; returns V1's applied_at. */
    private Instant writeOlderDataDirectory(int version) throws SQLException, java.io.IOException {
        Files.createDirectories(dataDir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve(DuckDbDatabase.FILE_NAME))) {
            List<Migration> older = SchemaMigrations.ALL.stream().filter(m -> m.version() <= version).toList();
            assertEquals(version, SchemaMigrations.apply(c, older).size());
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE schema_migrations SET applied_at = TIMESTAMPTZ '2026-01-02 03:04:05+00'");
                s.execute("INSERT INTO active_logs (ts, observed_ts, entity_name, level, severity_number, body, attributes,"
                        + " resource) VALUES (TIMESTAMPTZ '2026-11-20 10:15:30.123456+00', TIMESTAMPTZ"
                        + " '2026-11-20 10:15:31+00', 'legacy', 'info', 9, 'old log', '{\"k\":\"v\"}',"
                        + " '{\"service.name\":\"legacy\"}')");
                if (version >= 2) {
                    s.execute("INSERT INTO wal_applied VALUES ('P1', 41)");
                }
                if (version >= 3) {
                    s.execute("INSERT INTO active_spans (ts, trace_id, span_id, entity_name, level, end_ts, duration_ns,"
                            + " flags, name, kind, status_code, dropped_attributes_count, dropped_events_count,"
                            + " dropped_links_count) VALUES (TIMESTAMPTZ '2026-11-20 10:15:30+00',"
                            + " '5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174', 'legacy', 'info',"
                            + " TIMESTAMPTZ '2026-11-20 10:15:31+00', 1000000000, 1, 'GET /old', 'server', 'ok', 0, 0, 0)");
                }
                if (version >= 4) {
                    s.execute("INSERT INTO metric_series (series_id, metric_name, labels, metric_type) VALUES"
                            + " (17, 'old_requests', MAP {'job': 'legacy'}, 'counter')");
                    s.execute("INSERT INTO active_metrics (ts, series_id, metric_name, labels, metric_type, value) VALUES"
                            + " (TIMESTAMPTZ '2026-11-20 10:15:30+00', 17, 'old_requests', MAP {'job': 'legacy'},"
                            + " 'counter', 7)");
                    s.execute("INSERT INTO active_metrics (ts, series_id, metric_name, labels, metric_type, value) VALUES"
                            + " (TIMESTAMPTZ '2026-11-20 10:15:31+00', 18, 'orphan_requests', MAP {'job': 'orphaned'},"
                            + " 'counter', 8)");
                }
                if (version >= 5) {
                    s.execute("INSERT INTO active_messages (ts, flux_id, wire_id, promoted, json) VALUES"
                            + " (TIMESTAMPTZ '2026-11-20 10:15:30+00', 4242, 'fluxSpec/visa-v1', '{}', '{\"amount\": 1}')");
                }
            }
        }
        return Instant.parse("2026-01-02T03:04:05Z");
    }

    private static List<Integer> ints(Connection c, String sql) throws SQLException {
        List<Integer> values = new ArrayList<>();
        for (Long v : longs(c, sql)) {
            values.add(v.intValue());
        }
        return values;
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static List<String> text(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
