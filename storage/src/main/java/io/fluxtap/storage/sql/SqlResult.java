package io.fluxtap.storage.sql;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;

/**
 * What a console statement returned.
 *
 * @param columns   name and DuckDB type of each column, in order
 * @param rows      one JSON array per row, values as {@link SqlValues} writes them
 * @param truncated true when the statement had more rows than the console hands out
 */
public record SqlResult(List<Column> columns, ArrayNode rows, boolean truncated) {

    public SqlResult {
        columns = List.copyOf(columns);
    }

    public record Column(String name, String type) {
    }
}
