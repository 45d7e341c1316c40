package io.fluxtap.storage.query.filter;

import java.util.Map;
import java.util.Set;

/**
 * The fields a filter may name for one signal: typed columns, and the JSON columns whose keys are addressed
 * as {@code attributes.<key>}.
 */
public record FieldSchema(Map<String, ColumnType> columns, Set<String> jsonColumns) {

    public enum ColumnType {
        /** Compared as text. */
        TEXT,
        /**
         * A level label as stored ({@code warn}): values are read with {@link io.fluxtap.api.Level#parseLabel}, the
         * alias table {@code ?level=} uses too ({@code 'WARNING'} is {@code warn}), and unknown levels are refused;
         * {@code =~} and {@code CONTAINS} take the pattern or text as written.
         */
        LEVEL,
        INTEGER,
        /** UBIGINT: compared as an unsigned 64-bit number. */
        UNSIGNED_BIGINT,
        /** TIMESTAMPTZ: compared with RFC 3339 text or epoch milliseconds. */
        TIMESTAMP
    }

    /** The columns of the {@code logs} view. */
    public static final FieldSchema LOGS = new FieldSchema(Map.ofEntries(
            Map.entry("ts", ColumnType.TIMESTAMP),
            Map.entry("trace_id", ColumnType.TEXT),
            Map.entry("span_id", ColumnType.TEXT),
            Map.entry("flux_id", ColumnType.UNSIGNED_BIGINT),
            Map.entry("machine_id", ColumnType.TEXT),
            Map.entry("entity_name", ColumnType.TEXT),
            Map.entry("gear_id", ColumnType.TEXT),
            Map.entry("level", ColumnType.LEVEL),
            Map.entry("severity_number", ColumnType.INTEGER),
            Map.entry("body", ColumnType.TEXT),
            Map.entry("severity_text", ColumnType.TEXT),
            Map.entry("scope_name", ColumnType.TEXT),
            Map.entry("scope_version", ColumnType.TEXT)),
            Set.of("attributes", "resource", "scope_attributes"));

    public FieldSchema {
        columns = Map.copyOf(columns);
        jsonColumns = Set.copyOf(jsonColumns);
    }
}
