package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The types a promoted field can have, with the JSON each accepts. Conversions are strict (no number in a
 * string, no fraction for a long): a column's values must mean one thing, and a sender's mistake is better
 * refused at the door than summed wrongly later.
 */
public enum PromotedType {

    /** A JSON string (well-formed Unicode). Held as String. */
    STRING {
        @Override
        Object read(JsonNode value) {
            requireString(value, "a string");
            String text = value.textValue();
            if (!wellFormed(text)) {
                throw new IllegalArgumentException("must be well-formed Unicode text, has an unpaired surrogate");
            }
            return text;
        }
    },
    /** A JSON integer from -2^63 to 2^63-1. Held as Long. */
    LONG {
        @Override
        Object read(JsonNode value) {
            if (!value.isIntegralNumber()) {
                throw wrongType("a long (a JSON integer)", value);
            }
            if (!value.canConvertToLong()) {
                throw new IllegalArgumentException("must be a long, " + value.asText() + " is out of its range");
            }
            return value.longValue();
        }
    },
    /** Any finite JSON number. Held as Double. */
    DOUBLE {
        @Override
        Object read(JsonNode value) {
            if (!value.isNumber()) {
                throw wrongType("a double (a JSON number)", value);
            }
            double number = value.doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("must be a double, " + value.asText() + " is out of its range");
            }
            return number;
        }
    },
    /** JSON true or false. Held as Boolean. */
    BOOLEAN {
        @Override
        Object read(JsonNode value) {
            if (!value.isBoolean()) {
                throw wrongType("a boolean (true or false)", value);
            }
            return value.booleanValue();
        }
    },
    /** An RFC 3339 string with an offset, years 0001 to 9999. Held as Instant. */
    TIMESTAMP {
        @Override
        Object read(JsonNode value) {
            requireString(value, "a timestamp (an RFC 3339 string such as 2026-11-22T10:00:00Z)");
            return Rfc3339.parse(value.textValue());
        }
    };

    /** The name used in wire specs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<PromotedType> ofLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
    }

    /**
     * The value as the type holds it.
     *
     * @param value a present, non-null JSON value
     * @throws IllegalArgumentException saying what was expected and what came, to be shown to the sender
     */
    abstract Object read(JsonNode value);

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number with a fraction";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static void requireString(JsonNode value, String expected) {
        if (!value.isTextual()) {
            throw wrongType(expected, value);
        }
    }

    private static IllegalArgumentException wrongType(String expected, JsonNode value) {
        return new IllegalArgumentException("must be " + expected + ", was " + describe(value));
    }

    /** Text with an unpaired surrogate (JSON allows "\ud800") cannot be written as UTF-8 further down. */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
