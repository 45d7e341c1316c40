package io.fluxtap.storage.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The views {@code logs}, {@code spans}, {@code metrics}, {@code messages}: the active table
 * {@code UNION ALL BY NAME} the signal's Parquet files, or the active table alone while there are none.
 * <p>
 * The view lists the manifest's files by name rather than a glob. It is recreated in the transaction that changes
 * the manifest (export, compaction, expiry), and DuckDB's DDL is transactional, so a query sees either the rows in
 * the active table or the same rows in their file, never both and never neither, even while a file has been renamed
 * into place but its transaction has not committed yet (a glob would already see it).
 * {@code union_by_name} keeps files written before a migration added a column readable (the column reads NULL).
 * For messages the cold side selects the active table's columns only: message files also carry their wire's
 * promoted columns, which the per-wire files and globs serve, and which differ from wire to wire.
 */
final class WarehouseViews {

    private WarehouseViews() {
    }

    static void recreate(Connection connection, Path dataDir, WarehouseSignal signal) throws SQLException {
        List<WarehouseFile> files = WarehouseManifest.of(connection, signal);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql(connection, dataDir, signal, files));
        }
    }

    static void recreateAll(Connection connection, Path dataDir) throws SQLException {
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            recreate(connection, dataDir, signal);
        }
    }

    static String sql(Connection connection, Path dataDir, WarehouseSignal signal, List<WarehouseFile> files)
            throws SQLException {
        String hot = "CREATE OR REPLACE VIEW " + signal.view() + " AS SELECT * FROM " + signal.activeTable();
        if (files.isEmpty()) {
            return hot;
        }
        String list = files.stream().map(f -> literal(dataDir.resolve(f.path()).toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        String coldColumns = signal == WarehouseSignal.MESSAGES
                ? columnsOf(connection, signal.activeTable()).stream().map(ParquetColumns::quote).collect(Collectors.joining(", "))
                : "*";
        return hot + " UNION ALL BY NAME SELECT " + coldColumns + " FROM read_parquet(" + list
                + ", union_by_name = true, hive_partitioning = false)";
    }

    private static List<String> columnsOf(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE " + table)) {
            while (rs.next()) {
                names.add(rs.getString("column_name"));
            }
        }
        return names;
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
