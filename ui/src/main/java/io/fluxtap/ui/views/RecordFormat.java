package io.fluxtap.ui.views;

import io.fluxtap.api.DurationText;
import io.fluxtap.api.Level;

import java.time.Duration;
import java.util.Locale;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the views print record fields. Times are UTC: the server cannot know the browser's zone up front. */
public final class RecordFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private RecordFormat() {
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A count shortened for a tile: 950, 12.3k, 4.1M. */
    public static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        return n < 1_000_000 ? String.format(Locale.ROOT, "%.1fk", n / 1e3) : String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    /** A duration the way people say it: 850 µs, 12.5 ms, 3.20 s, 5m. */
    public static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", nanos / 1000);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return nanos < 60_000_000_000L ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9) : DurationText.format(d);
    }

    public static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A Lumo colour that makes problems stand out and keeps routine levels quiet. */
    public static String levelColor(Level level) {
        return switch (level) {
            case ERROR, FATAL -> "var(--lumo-error-text-color)";
            case WARN -> "var(--lumo-warning-text-color, #b25e00)";
            case INFO -> "var(--lumo-body-text-color)";
            case TRACE, DEBUG, UNSPECIFIED -> "var(--lumo-secondary-text-color)";
        };
    }
}
