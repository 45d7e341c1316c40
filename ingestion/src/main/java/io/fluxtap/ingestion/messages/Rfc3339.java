package io.fluxtap.ingestion.messages;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps in messages. */
final class Rfc3339 {

    /** RFC 3339 allows a lowercase {@code t} and {@code z}; ISO_OFFSET_DATE_TIME alone does not. */
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    private Rfc3339() {
    }

    /**
     * @throws IllegalArgumentException when the text is no RFC 3339 timestamp, or its year is outside 0001-9999
     *                                  (RFC 3339's range; it also keeps every time inside what the store holds)
     */
    static Instant parse(String text) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text, FORMAT);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z, was '"
                    + abbreviate(text) + "'");
        }
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new IllegalArgumentException("must be a timestamp in the years 0001 to 9999, was '"
                    + abbreviate(text) + "'");
        }
        return time.toInstant();
    }

    static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
