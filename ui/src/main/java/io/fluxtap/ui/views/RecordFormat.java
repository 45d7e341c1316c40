package io.fluxtap.ui.views;

import io.fluxtap.api.Level;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the views print record fields. Times are UTC: the server cannot know the browser's zone up front. */
final class RecordFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RecordFormat() {
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A Lumo colour that makes problems stand out and keeps routine levels quiet. */
    static String levelColor(Level level) {
        return switch (level) {
            case ERROR, FATAL -> "var(--lumo-error-text-color)";
            case WARN -> "var(--lumo-warning-text-color, #b25e00)";
            case INFO -> "var(--lumo-body-text-color)";
            case TRACE, DEBUG, UNSPECIFIED -> "var(--lumo-secondary-text-color)";
        };
    }
}
