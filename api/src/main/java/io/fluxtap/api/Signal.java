package io.fluxtap.api;

import java.util.Locale;

/** The kinds of record Fluxtap ingests; {@link #label()} is the value of metric labels {@code signal=}. */
public enum Signal {
    LOGS,
    TRACES,
    METRICS,
    MESSAGES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
