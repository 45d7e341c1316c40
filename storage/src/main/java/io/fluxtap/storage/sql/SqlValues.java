package io.fluxtap.storage.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/**
 * DuckDB values as JSON: numbers as JSON numbers (UBIGINT, HUGEINT and DECIMAL too, written with every digit;
 * a JavaScript client reading them as doubles loses precision above 2^53, so cast to VARCHAR in the statement
 * where that matters), TIMESTAMP WITH TIME ZONE as RFC 3339 in UTC, TIMESTAMP/DATE/TIME as ISO-8601 without a
 * zone, JSON columns as the JSON they hold, LIST/ARRAY as arrays, STRUCT and MAP as objects (MAP keys as
 * text), BLOB as base64, anything else (INTERVAL, UUID, ...) as DuckDB's text for it.
 */
final class SqlValues {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    private SqlValues() {
    }

    /**
     * The value as the SQL port hands it out ({@code io.fluxtap.api.SqlQueries}): null, Boolean, Long, BigInteger,
     * BigDecimal, Double, Instant for TIMESTAMP WITH TIME ZONE, else the text {@link #toJson} writes for it.
     */
    static Object toJava(Object value, String typeName) throws SQLException {
        if (value == null) {
            return null;
        }
        if ("JSON".equals(typeName)) {
            return toJson(value, typeName).toString();
        }
        return switch (value) {
            case Boolean b -> b;
            case Byte b -> b.longValue();
            case Short s -> s.longValue();
            case Integer i -> i.longValue();
            case Long l -> l;
            case BigInteger n -> n;
            case BigDecimal n -> n;
            case Float f -> f.doubleValue();
            case Double d -> d;
            case OffsetDateTime t -> t.toInstant();
            default -> {
                JsonNode json = toJson(value, typeName);
                yield json.isTextual() ? json.textValue() : json.toString();
            }
        };
    }

    static JsonNode toJson(Object value, String typeName) throws SQLException {
        if (value == null) {
            return NODES.nullNode();
        }
        if ("JSON".equals(typeName)) {
            return parseJson(value.toString());
        }
        return switch (value) {
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Short s -> NODES.numberNode(s);
            case Byte b -> NODES.numberNode(b);
            case Float f -> Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
            case Double d -> Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
            case BigInteger n -> NODES.numberNode(n);
            case BigDecimal n -> NODES.numberNode(n);
            case OffsetDateTime t -> NODES.textNode(UTC.format(t));
            case Timestamp t -> NODES.textNode(t.toLocalDateTime().toString());
            case org.duckdb.JsonNode json -> parseJson(json.toString());
            case Struct struct -> struct(struct);
            case Array array -> array(array);
            case Map<?, ?> map -> map(map);
            case Blob blob -> NODES.textNode(Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length())));
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            default -> NODES.textNode(value.toString());
        };
    }

    private static JsonNode struct(Struct struct) throws SQLException {
        ObjectNode node = NODES.objectNode();
        // DuckDBStruct.getMap() keeps the field names; the JDBC interface alone gives only the values.
        if (struct instanceof org.duckdb.DuckDBStruct duck) {
            for (Map.Entry<String, Object> field : duck.getMap().entrySet()) {
                node.set(field.getKey(), toJson(field.getValue(), null));
            }
            return node;
        }
        return array(struct.getAttributes());
    }

    private static JsonNode array(Array array) throws SQLException {
        return array((Object[]) array.getArray());
    }

    private static JsonNode array(Object[] values) throws SQLException {
        ArrayNode node = NODES.arrayNode();
        for (Object element : values) {
            node.add(toJson(element, null));
        }
        return node;
    }

    private static JsonNode map(Map<?, ?> map) throws SQLException {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            node.set(String.valueOf(entry.getKey()), toJson(entry.getValue(), null));
        }
        return node;
    }

    /** A JSON value inside a LIST or STRUCT arrives as DuckDB's JsonNode, whose text is the JSON. */
    private static JsonNode parseJson(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }
}
