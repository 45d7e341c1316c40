package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.api.wire.PromotedType;

import java.util.Locale;

/**
 * The JSON each {@link PromotedType} accepts, and the value it is held as. Conversions are strict (no number in a
 * string, no fraction for a long): a column's values must mean one thing, and a sender's mistake is better refused
 * at the door than summed wrongly later.
 */
final class PromotedValues {

    private PromotedValues() {
    }

    /**
     * The value as the type holds it: STRING as String (well-formed Unicode), LONG as Long, DOUBLE as Double
     * (finite), BOOLEAN as Boolean, TIMESTAMP as Instant (RFC 3339 with an offset, years 0001 to 9999).
     *
     * @param value a present, non-null JSON value
     * @throws IllegalArgumentException saying what was expected and what came, to be shown to the sender
     */
    static Object read(PromotedType type, JsonNode value) {
        return switch (type) {
            case STRING -> {
                requireString(value, "a string");
                String text = value.textValue();
                if (!wellFormed(text)) {
                    throw new IllegalArgumentException("must be well-formed Unicode text, has an unpaired surrogate");
                }
                yield text;
            }
            case LONG -> {
                if (!value.isIntegralNumber()) {
                    throw wrongType("a long (a JSON integer)", value);
                }
                if (!value.canConvertToLong()) {
                    throw new IllegalArgumentException("must be a long, " + value.asText() + " is out of its range");
                }
                yield value.longValue();
            }
            case DOUBLE -> {
                if (!value.isNumber()) {
                    throw wrongType("a double (a JSON number)", value);
                }
                double number = value.doubleValue();
                if (!Double.isFinite(number)) {
                    throw new IllegalArgumentException("must be a double, " + value.asText() + " is out of its range");
                }
                yield number;
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw wrongType("a boolean (true or false)", value);
                }
                yield value.booleanValue();
            }
            case TIMESTAMP -> {
                requireString(value, "a timestamp (an RFC 3339 string such as 2026-11-22T10:00:00Z)");
                yield Rfc3339.parse(value.textValue());
            }
        };
    }

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
    private static boolean wellFormed(String text) {
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
