package io.fluxtap.storage.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code warehouse_files} (migration V8). All methods work in the caller's transaction, so a manifest
 * change commits together with the row deletion and the view it belongs to.
 */
final class WarehouseManifest {

    private WarehouseManifest() {
    }

    static List<WarehouseFile> all(Connection connection) throws SQLException {
        return select(connection, "SELECT path, signal, wire_id, CAST(epoch(hour) AS BIGINT) // 3600, rows, bytes"
                + " FROM warehouse_files ORDER BY path");
    }

    static List<WarehouseFile> of(Connection connection, WarehouseSignal signal) throws SQLException {
        return all(connection).stream().filter(f -> f.partition().signal() == signal).toList();
    }

    static void insert(Connection connection, WarehouseFile file) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO warehouse_files (path, signal, wire_id, hour, rows, bytes) VALUES (?, ?, ?, to_timestamp(?), ?, ?)")) {
            insert.setString(1, file.path());
            insert.setString(2, file.partition().signal().label());
            insert.setString(3, file.partition().wireId());
            insert.setLong(4, file.partition().hour() * 3600);
            insert.setLong(5, file.rows());
            insert.setLong(6, file.bytes());
            insert.executeUpdate();
        }
    }

    static void delete(Connection connection, String path) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM warehouse_files WHERE path = ?")) {
            delete.setString(1, path);
            delete.executeUpdate();
        }
    }

    private static List<WarehouseFile> select(Connection connection, String sql) throws SQLException {
        List<WarehouseFile> files = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                WarehouseSignal signal = WarehouseSignal.ofLabel(rs.getString(2)).orElseThrow(
                        () -> new SQLException("warehouse_files holds an unknown signal"));
                files.add(new WarehouseFile(rs.getString(1), new Partition(signal, rs.getString(3), rs.getLong(4)),
                        rs.getLong(5), rs.getLong(6)));
            }
        }
        return files;
    }
}
