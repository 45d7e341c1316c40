package io.fluxtap.api.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a promoted field's values must be: the {@code type} of a {@code promote} item in a wire spec. */
public enum PromotedType {

    /** A JSON string. */
    STRING,
    /** A JSON integer from -2^63 to 2^63-1. */
    LONG,
    /** Any finite JSON number. */
    DOUBLE,
    /** JSON true or false. */
    BOOLEAN,
    /** An RFC 3339 string with an offset, years 0001 to 9999. */
    TIMESTAMP;

    /** The name used in wire specs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PromotedType> ofLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
    }

    /** The labels, for messages that list them. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(PromotedType::label).toList());
    }
}
