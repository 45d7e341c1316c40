package io.fluxtap.storage.duck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Brings a database file up to the newest schema version, recording each step in {@code schema_migrations}. */
final class SchemaMigrations {

    /** The schema's history; later signals (spans, metrics, messages) append their tables here. */
    static final List<Migration> ALL = List.of(
            Migration.fromResource(1, "active_logs"),
            Migration.fromResource(2, "wal_applied"),
            Migration.fromResource(3, "active_spans"),
            Migration.fromResource(4, "metrics"),
            Migration.fromResource(5, "active_messages"),
            Migration.fromResource(6, "span_scope_attributes"),
            Migration.fromResource(7, "signal_views"),
            Migration.fromResource(8, "warehouse_files"),
            Migration.fromResource(9, "otlp_fields"),
            Migration.fromResource(10, "alerting"),
            Migration.fromResource(11, "metric_labels_once"));

    private SchemaMigrations() {
    }

    /**
     * Applies every migration newer than the file's current version, each in its own transaction
     * so a failing step leaves the file at the last good version.
     *
     * @return the versions applied now, empty when the file was already current
     */
    static List<Integer> apply(Connection connection, List<Migration> migrations) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version     INTEGER PRIMARY KEY,
                            description VARCHAR NOT NULL,
                            applied_at  TIMESTAMPTZ NOT NULL DEFAULT now())""");
            }
            int current = currentVersion(connection);
            List<Migration> pending = migrations.stream()
                    .filter(m -> m.version() > current)
                    .sorted(Comparator.comparingInt(Migration::version))
                    .toList();
            List<Integer> applied = new ArrayList<>();
            connection.setAutoCommit(false);
            for (Migration migration : pending) {
                applyOne(connection, migration);
                applied.add(migration.version());
            }
            return applied;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void applyOne(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO schema_migrations (version, description) VALUES (?, ?)")) {
            statement.execute(migration.sql());
            record.setInt(1, migration.version());
            record.setString(2, migration.description());
            record.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration V" + migration.version() + " (" + migration.description()
                    + ") failed: " + e.getMessage(), e);
        }
    }
}
