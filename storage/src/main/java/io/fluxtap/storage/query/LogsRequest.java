package io.fluxtap.storage.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.duck.EpochMicros;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the query parameters of {@code GET /api/v1/logs} into a {@link LogSearch}. Every problem is an
 * {@link IllegalArgumentException} whose message tells the caller which parameter was wrong and why.
 */
final class LogsRequest {

    /** RFC 3339 allows a lowercase {@code t} and {@code z}; ISO_OFFSET_DATE_TIME alone does not. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
    /** An unescaped {@code +02:00} in a URL reaches us as {@code " 02:00"}: a query string's + means space. */
    private static final Pattern DECODED_PLUS_OFFSET = Pattern.compile(" (\\d{2}:\\d{2})$");

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
                parseLimit(limit));
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
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant = parseInstant(name, value.strip());
        try {
            EpochMicros.of(instant);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is outside the time range the store can hold");
        }
        return instant;
    }

    private static Instant parseInstant(String name, String text) {
        try {
            if (EPOCH_MILLIS.matcher(text).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            return OffsetDateTime.parse(DECODED_PLUS_OFFSET.matcher(text).replaceFirst("+$1"), RFC_3339).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": cannot read '" + text
                    + "' as an RFC 3339 timestamp (e.g. 2026-11-22T10:00:00Z) or epoch milliseconds");
        }
    }

    static int parseLimit(String value) {
        if (value == null || value.isBlank()) {
            return LogSearch.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number between 1 and " + LogSearch.MAX_LIMIT
                    + ", was '" + value + "'");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
