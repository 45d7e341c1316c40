package io.fluxtap.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Log severity, aligned with the OpenTelemetry severity number ranges
 * (TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24).
 * {@link #label()} is the lowercase form stored in the {@code level} column.
 */
public enum Level {
    UNSPECIFIED(0),
    TRACE(1),
    DEBUG(5),
    INFO(9),
    WARN(13),
    ERROR(17),
    FATAL(21);

    private final int lowestSeverityNumber;

    Level(int lowestSeverityNumber) {
        this.lowestSeverityNumber = lowestSeverityNumber;
    }

    /** The OTel severity number of the plain level (e.g. 9 for INFO, 17 for ERROR). */
    public int severityNumber() {
        return lowestSeverityNumber;
    }

    /** The lowercase name used in storage and queries: {@code "error"}, {@code "info"}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAtLeast(Level other) {
        return compareTo(other) >= 0;
    }

    /** Maps an OTel severity number (0-24) to its level; numbers outside the range are UNSPECIFIED. */
    public static Level fromSeverityNumber(int number) {
        if (number <= 0 || number > 24) {
            return UNSPECIFIED;
        }
        Level[] levels = values();
        for (int i = levels.length - 1; i > 0; i--) {
            if (number >= levels[i].lowestSeverityNumber) {
                return levels[i];
            }
        }
        return UNSPECIFIED;
    }

    /**
     * Reads the level names that logging frameworks actually emit ("WARNING", "err", "Critical",
     * "I", ...). Returns empty for text that names no level.
     */
    public static Optional<Level> fromText(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        // Severity texts such as "ERROR2" or "INFO4" carry OTel's sub-level suffix.
        t = t.replaceAll("[0-9]+$", "");
        return Optional.ofNullable(switch (t) {
            case "trace", "finest", "finer", "t" -> TRACE;
            case "debug", "dbg", "fine", "config", "d", "verbose", "v" -> DEBUG;
            case "info", "information", "informational", "notice", "i" -> INFO;
            case "warn", "warning", "w" -> WARN;
            case "error", "err", "severe", "e" -> ERROR;
            case "fatal", "critical", "crit", "alert", "emerg", "emergency", "panic", "f", "c" -> FATAL;
            default -> null;
        });
    }

    /** Parses a stored or user-supplied label; unlike {@link #fromText} it rejects unknown names. */
    public static Level parseLabel(String label) {
        return fromText(label)
                .or(() -> "unspecified".equalsIgnoreCase(label) ? Optional.of(UNSPECIFIED) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("unknown level '" + label
                        + "' (expected one of trace, debug, info, warn, error, fatal, unspecified)"));
    }
}
