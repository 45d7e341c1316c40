package io.fluxtap.storage.warehouse;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The columns of a relation as DuckDB describes them, mapped to Parquet types DuckDB reads back as the same types:
 * TIMESTAMPTZ as timestamp(isAdjustedToUTC, micros), UBIGINT and UINTEGER as unsigned integers, VARCHAR and JSON as
 * strings, MAP(VARCHAR, VARCHAR) as a Parquet MAP. Every column is optional: nullability is the table's business.
 */
final class ParquetColumns {

    /** The Parquet kinds of the DuckDB types the active tables and promoted message columns use. */
    enum Kind {
        TIMESTAMPTZ, STRING, UBIGINT, BIGINT, INTEGER, UINTEGER, DOUBLE, BOOLEAN, STRING_MAP;

        static Kind of(String duckType) {
            return switch (duckType) {
                case "TIMESTAMP WITH TIME ZONE" -> TIMESTAMPTZ;
                case "VARCHAR", "JSON" -> STRING;
                case "UBIGINT" -> UBIGINT;
                case "BIGINT" -> BIGINT;
                case "INTEGER" -> INTEGER;
                case "UINTEGER" -> UINTEGER;
                case "DOUBLE" -> DOUBLE;
                case "BOOLEAN" -> BOOLEAN;
                case "MAP(VARCHAR, VARCHAR)" -> STRING_MAP;
                default -> throw new IllegalStateException("the warehouse has no Parquet mapping for DuckDB type " + duckType);
            };
        }
    }

    record Column(String name, Kind kind) {
    }

    private final List<Column> columns;
    private final MessageType schema;

    ParquetColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.schema = new MessageType("fluxtap", this.columns.stream().map(ParquetColumns::parquetType).toList());
    }

    /** The columns of {@code SELECT * FROM <relation>}, as DuckDB's DESCRIBE names and types them. */
    static ParquetColumns describe(Connection connection, String relation) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), Kind.of(rs.getString("column_type"))));
            }
        }
        return new ParquetColumns(columns);
    }

    List<Column> columns() {
        return columns;
    }

    MessageType schema() {
        return schema;
    }

    boolean has(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    /** The select list that {@link #read} expects, in column order. */
    String selectList() {
        return columns.stream().map(c -> c.kind() == Kind.TIMESTAMPTZ ? "epoch_us(" + quote(c.name()) + ")" : quote(c.name()))
                .collect(Collectors.joining(", "));
    }

    /** One row of a result of {@link #selectList()}, as the values {@link RowWriteSupport} writes. */
    Object[] read(ResultSet rs) throws SQLException {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            int index = i + 1;
            row[i] = switch (columns.get(i).kind()) {
                case TIMESTAMPTZ, BIGINT -> nullable(rs, rs.getLong(index));
                case INTEGER -> nullable(rs, rs.getInt(index));
                // Unsigned values keep their bits: BigInteger/Long.longValue and intValue drop only the high bits.
                case UBIGINT -> rs.getObject(index) instanceof Number n ? n.longValue() : null;
                case UINTEGER -> rs.getObject(index) instanceof Number n ? n.intValue() : null;
                case DOUBLE -> nullable(rs, rs.getDouble(index));
                case BOOLEAN -> nullable(rs, rs.getBoolean(index));
                case STRING -> rs.getString(index);
                case STRING_MAP -> rs.getObject(index);
            };
        }
        return row;
    }

    /** Writes one row's fields; nulls are left out, as Parquet's optional fields want. */
    void write(RecordConsumer consumer, Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                continue;
            }
            Column column = columns.get(i);
            consumer.startField(column.name(), i);
            switch (column.kind()) {
                case TIMESTAMPTZ, BIGINT, UBIGINT -> consumer.addLong((Long) value);
                case INTEGER, UINTEGER -> consumer.addInteger((Integer) value);
                case DOUBLE -> consumer.addDouble((Double) value);
                case BOOLEAN -> consumer.addBoolean((Boolean) value);
                case STRING -> consumer.addBinary(Binary.fromString((String) value));
                case STRING_MAP -> writeMap(consumer, (Map<?, ?>) value);
            }
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }

    private static void writeMap(RecordConsumer consumer, Map<?, ?> map) {
        consumer.startGroup();
        if (!map.isEmpty()) {
            consumer.startField("key_value", 0);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                consumer.startGroup();
                consumer.startField("key", 0);
                consumer.addBinary(Binary.fromString(String.valueOf(entry.getKey())));
                consumer.endField("key", 0);
                if (entry.getValue() != null) {
                    consumer.startField("value", 1);
                    consumer.addBinary(Binary.fromString(String.valueOf(entry.getValue())));
                    consumer.endField("value", 1);
                }
                consumer.endGroup();
            }
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
    }

    private static Object nullable(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }

    private static Type parquetType(Column column) {
        String name = column.name();
        return switch (column.kind()) {
            case TIMESTAMPTZ -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case UBIGINT -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.intType(64, false)).named(name);
            case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case INTEGER -> Types.optional(PrimitiveTypeName.INT32).named(name);
            case UINTEGER -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, false)).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case STRING_MAP -> Types.optionalMap()
                    .key(Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("key"))
                    .optionalValue(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(name);
        };
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
