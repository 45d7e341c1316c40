package io.fluxtap.storage.query.filter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The two ways users write a time, in query parameters and in filters: RFC 3339 or epoch milliseconds. */
public final class TimeLiterals {

    /** RFC 3339 allows a lowercase {@code t} and {@code z}; ISO_OFFSET_DATE_TIME alone does not. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
    /** An unescaped {@code +02:00} in a URL reaches us as {@code " 02:00"}: a query string's + means space. */
    private static final Pattern DECODED_PLUS_OFFSET = Pattern.compile(" (\\d{2}:\\d{2})$");
    /** DuckDB's TIMESTAMPTZ range in microseconds is about ±290,000 years; keep well inside it. */
    private static final Instant MIN = Instant.parse("-200000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("+200000-01-01T00:00:00Z");

    private TimeLiterals() {
    }

    /**
     * @throws IllegalArgumentException naming {@code what} when the text is neither form or out of range
     */
    public static Instant parse(String what, String text) {
        String value = text.strip();
        Instant instant;
        try {
            instant = EPOCH_MILLIS.matcher(value).matches()
                    ? Instant.ofEpochMilli(Long.parseLong(value))
                    : OffsetDateTime.parse(DECODED_PLUS_OFFSET.matcher(value).replaceFirst("+$1"), RFC_3339).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": cannot read '" + text
                    + "' as an RFC 3339 timestamp (e.g. 2026-11-22T10:00:00Z) or epoch milliseconds");
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException(what + ": '" + text + "' is outside the time range the store can hold");
        }
        return instant;
    }
}
