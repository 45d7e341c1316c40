package io.fluxtap.ingestion.policy.mask;

import java.util.regex.Pattern;

/**
 * What a rule does to a value. {@link #apply} returns the masked text, or null for {@link Drop} (the attribute
 * goes, a JSON field becomes null).
 */
public sealed interface MaskAction {

    /** The name in configuration and on {@code fluxtap_masked_total{rule}}'s companions. */
    String label();

    String apply(String value, Replacements replacements);

    /** The attribute is removed (a JSON field becomes null). */
    record Drop() implements MaskAction {
        @Override
        public String label() {
            return "drop";
        }

        @Override
        public String apply(String value, Replacements replacements) {
            return null;
        }
    }

    /** {@link Replacements#token(String)}. */
    record Token() implements MaskAction {
        @Override
        public String label() {
            return "token";
        }

        @Override
        public String apply(String value, Replacements replacements) {
            return replacements.token(value);
        }
    }

    /** {@link Replacements#truncate(String)}. */
    record Truncate() implements MaskAction {
        @Override
        public String label() {
            return "truncate";
        }

        @Override
        public String apply(String value, Replacements replacements) {
            return Replacements.truncate(value);
        }
    }

    /** Every match of the pattern replaced, Java's {@code $1}/{@code ${name}} group references allowed. */
    record Regex(Pattern pattern, String replacement) implements MaskAction {
        @Override
        public String label() {
            return "regex";
        }

        @Override
        public String apply(String value, Replacements replacements) {
            return pattern.matcher(value).replaceAll(replacement);
        }
    }
}
