package io.fluxtap.api.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How ingestion masks one field of a wire's messages before anything is written (a promoted field's {@code mask},
 * or an entry of the spec's {@code mask} map): the value in the stored JSON and in the promoted column alike.
 */
public enum WireMask {

    /** {@code tok_} and 16 hex digits of an HMAC-SHA256 under the token key: equal values give equal tokens. */
    TOKEN,
    /** The first 6 and last 4 characters kept, the rest {@code *} (a card number's BIN and last four). */
    TRUNCATE,
    /** The value becomes JSON null; not allowed on a promoted field (its column would only ever be empty). */
    DROP;

    /** The name used in wire specs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WireMask> ofLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }

    /** The labels, for messages that list them. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(WireMask::label).toList());
    }
}
