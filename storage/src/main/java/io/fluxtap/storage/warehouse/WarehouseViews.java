package io.fluxtap.storage.warehouse;

import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.api.wire.WireSpec;

import io.fluxtap.storage.duck.MetricRelations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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

    static void recreate(Connection connection, Path dataDir, WarehouseSignal signal, MessageWireViews wires)
            throws SQLException {
        List<WarehouseFile> files = WarehouseManifest.of(connection, signal);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql(connection, dataDir, signal, files));
            if (signal == WarehouseSignal.METRICS) {
                statement.execute(samplesViewSql(connection, dataDir, files));
            }
            if (signal == WarehouseSignal.MESSAGES) {
                for (String wireId : wires.wireIds()) {
                    WireSpec wire = wires.wire(wireId).orElseThrow();
                    List<WarehouseFile> ofWire = files.stream().filter(f -> wireId.equals(f.partition().wireId())).toList();
                    statement.execute(wireViewSql(connection, dataDir, wire, ofWire));
                    statement.execute("COMMENT ON VIEW " + ParquetColumns.quote(MessageWireViews.viewName(wire)) + " IS "
                            + literal(MessageWireViews.COMMENT_PREFIX + wire.wireId()));
                }
            }
        }
    }

    static void recreateAll(Connection connection, Path dataDir, MessageWireViews wires) throws SQLException {
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            recreate(connection, dataDir, signal, wires);
        }
    }

    /**
     * A wire's view ({@link MessageWireViews}) over its hot rows and its files. The files carry the promoted columns
     * of the spec they were written under: a column the spec has since added reads NULL from them, a changed type
     * is converted where it can be (TRY_CAST), so a spec change never breaks the view.
     */
    static String wireViewSql(Connection connection, Path dataDir, WireSpec wire, List<WarehouseFile> files)
            throws SQLException {
        String hot = MessageWireViews.viewSql(wire);
        if (files.isEmpty()) {
            return hot;
        }
        String source = "read_parquet(" + fileList(dataDir, files) + ", union_by_name = true, hive_partitioning = false)";
        Set<String> present = new HashSet<>(columnsOf(connection, "SELECT * FROM " + source));
        StringBuilder cold = new StringBuilder(
                " UNION ALL BY NAME SELECT ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level, wire_id");
        for (WireSpec.Promotion column : wire.promoted()) {
            String name = ParquetColumns.quote(column.column());
            String type = MessageWireViews.sqlType(column.type());
            cold.append(", ").append(present.contains(column.column()) ? "TRY_CAST(" + name + " AS " + type + ")"
                    : "CAST(NULL AS " + type + ")").append(" AS ").append(name);
        }
        return hot + cold.append(", json FROM ").append(source);
    }

    private static String fileList(Path dataDir, List<WarehouseFile> files) {
        return files.stream().map(f -> literal(dataDir.resolve(f.path()).toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String sql(Connection connection, Path dataDir, WarehouseSignal signal, List<WarehouseFile> files)
            throws SQLException {
        String hot = "CREATE OR REPLACE VIEW " + signal.view() + " AS " + hotRelation(signal);
        if (files.isEmpty()) {
            return hot;
        }
        String list = fileList(dataDir, files);
        String coldColumns = signal == WarehouseSignal.MESSAGES
                ? columnsOf(connection, signal.activeTable()).stream().map(ParquetColumns::quote).collect(Collectors.joining(", "))
                : "*";
        return hot + " UNION ALL BY NAME SELECT " + coldColumns + " FROM read_parquet(" + list
                + ", union_by_name = true, hive_partitioning = false)";
    }

    /** The hot side of a signal's view: its active table, for metrics with the series' labels joined. */
    static String hotRelation(WarehouseSignal signal) {
        return signal == WarehouseSignal.METRICS ? MetricRelations.HOT_WITH_LABELS : "SELECT * FROM " + signal.activeTable();
    }

    /** {@link MetricRelations#SAMPLES_VIEW}: the hot table's columns, from the active table and the files alike. */
    static String samplesViewSql(Connection connection, Path dataDir, List<WarehouseFile> files) throws SQLException {
        String hot = "CREATE OR REPLACE VIEW " + MetricRelations.SAMPLES_VIEW + " AS SELECT * FROM "
                + WarehouseSignal.METRICS.activeTable();
        if (files.isEmpty()) {
            return hot;
        }
        String columns = columnsOf(connection, WarehouseSignal.METRICS.activeTable()).stream()
                .map(ParquetColumns::quote).collect(Collectors.joining(", "));
        return hot + " UNION ALL BY NAME SELECT " + columns + " FROM read_parquet(" + fileList(dataDir, files)
                + ", union_by_name = true, hive_partitioning = false)";
    }

    /** The column names of a table or of a query. */
    private static List<String> columnsOf(Connection connection, String relation) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE " + relation)) {
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
