package io.fluxtap.alerting.matchers;

import io.fluxtap.api.Labels;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager's {@code labels.Matcher}: used by routes, inhibit rules and silences alike.
 * A label the set does not have matches as the empty string; regular expressions are fully anchored.
 *
 * <pre>{@code
 * Matcher m = new Matcher(Matcher.Type.REGEX, "severity", "critical|page");
 * m.matches(Labels.of("severity", "page"));   // true
 * m.matches(Labels.EMPTY);                    // false: "" does not match
 * }</pre>
 *
 * @param type  how the value is compared
 * @param name  the label name
 * @param value the value, or the regular expression (RE2 syntax as far as Java's regex agrees)
 */
public record Matcher(Type type, String name, String value) {

    /** The four operators, with their text. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }
    }

    /** @throws IllegalArgumentException when a regex type's value does not compile */
    public Matcher {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (type.isRegex()) {
            compile(value);
        }
    }

    public boolean matches(Labels labels) {
        String actual = labels.get(name);
        return matches(actual == null ? "" : actual);
    }

    /** Whether the label value (the empty string for an absent label) matches. */
    public boolean matches(String actual) {
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> compile(value).matcher(actual).matches();
            case NOT_REGEX -> !compile(value).matcher(actual).matches();
        };
    }

    private static Pattern compile(String regex) {
        try {
            // DOTALL: RE2's anchored "^(?s:...)$" lets '.' match a newline, as Alertmanager compiles it.
            return Pattern.compile(regex, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression \"" + regex + "\": " + e.getDescription(), e);
        }
    }

    /**
     * Alertmanager's string form: {@code name="value"} with the value OpenMetrics-escaped, or, for a name holding
     * a character the matcher grammar reserves, both name and value as Go string literals
     * ({@code "service name"="api"}).
     */
    @Override
    public String toString() {
        if (name.codePoints().anyMatch(Matcher::isReserved)) {
            return goQuote(name) + type.operator() + goQuote(value);
        }
        return name + type.operator() + '"'
                + value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + '"';
    }

    private static boolean isReserved(int c) {
        return Character.isWhitespace(c) || "{}!=~,\\\"'`".indexOf(c) >= 0;
    }

    /** Go's {@code strconv.Quote} for the characters label names and values hold. */
    private static String goQuote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
