package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.query.filter.FieldSchema;
import io.fluxtap.storage.query.filter.SqlFilter;
import io.fluxtap.storage.query.filter.TimeLiterals;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the query parameters of {@code GET /api/v1/logs} into a {@link LogSearch}. Every problem is an
 * {@link IllegalArgumentException} whose message tells the caller which parameter was wrong and why.
 */
final class LogsRequest {

    private LogsRequest() {
    }

    static LogSearch toSearch(String entityName, List<String> levels, String contains,
                              String from, String to, String limit) {
        return new LogSearch(
                emptyToNull(entityName),
                parseLevels(levels),
                emptyToNull(contains),
                parseTime("from", from),
                parseTime("to", to),
                parseLimit(limit),
                null);
    }

    /** Accepts repeated parameters and comma-separated lists, in any letter case. */
    static Set<Level> parseLevels(List<String> values) {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        if (values == null) {
            return levels;
        }
        for (String value : values) {
            for (String label : value.split(",")) {
                if (!label.isBlank()) {
                    levels.add(Level.parseLabel(label.strip()));
                }
            }
        }
        return levels;
    }

    /** RFC 3339 (fraction and offset optional as RFC 3339 allows) or epoch milliseconds. */
    static Instant parseTime(String name, String value) {
        return value == null || value.isBlank() ? null : TimeLiterals.parse(name, value);
    }

    /**
     * The filter of a logs request: the {@code query} parameter in the filter language, AND the older single
     * parameters ({@code entity_name}, {@code level}, {@code contains}, {@code from}, {@code to}) as they are.
     *
     * @throws io.fluxtap.storage.query.filter.FilterSyntaxException for a query that does not parse
     */
    static SqlFilter filter(String query, LogSearch parameters) {
        return SqlFilter.parse(query, FieldSchema.LOGS).and(DuckDbLogQuery.filterOf(parameters));
    }

    /** A cursor parameter; null when absent. */
    static LogCursor parseCursor(String name, String value) {
        return value == null || value.isBlank() ? null : LogCursor.decode(name, value);
    }

    static int parseLimit(String value) {
        return parseLimit(value, LogSearch.DEFAULT_LIMIT, LogSearch.MAX_LIMIT);
    }

    static int parseLimit(String value, int defaultLimit, int maxLimit) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number between 1 and " + maxLimit
                    + ", was '" + value + "'");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
