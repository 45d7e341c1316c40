package io.fluxtap.ingestion.scrape.api;

import io.fluxtap.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code match_target} selector of the targets metadata API: {@code {name="v", name!="v", name=~"re",
 * name!~"re"}} (regexes anchored as PromQL anchors them; a missing label matches as the empty string).
 */
record TargetMatcher(List<Term> terms) {

    record Term(String name, String op, String value, Pattern regex) {

        boolean matches(Labels labels) {
            String actual = labels.get(name) == null ? "" : labels.get(name);
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> regex.matcher(actual).matches();
                default -> !regex.matcher(actual).matches();
            };
        }
    }

    static final TargetMatcher ALL = new TargetMatcher(List.of());

    boolean matches(Labels labels) {
        return terms.stream().allMatch(term -> term.matches(labels));
    }

    /** @throws IllegalArgumentException with the reason when the text is no selector */
    static TargetMatcher parse(String text) {
        String s = text.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("match_target must be a label selector such as {job=\"x\"}: " + text);
        }
        List<Term> terms = new ArrayList<>();
        int i = 1;
        int end = s.length() - 1;
        while (true) {
            i = skipSpaces(s, i, end);
            if (i >= end) {
                break;
            }
            int nameStart = i;
            while (i < end && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                throw new IllegalArgumentException("unexpected character at " + nameStart + " in " + text);
            }
            i = skipSpaces(s, i, end);
            String op;
            if (s.startsWith("=~", i) || s.startsWith("!=", i) || s.startsWith("!~", i)) {
                op = s.substring(i, i + 2);
            } else if (s.startsWith("=", i)) {
                op = "=";
            } else {
                throw new IllegalArgumentException("expected a matcher operator after " + name + " in " + text);
            }
            i = skipSpaces(s, i + op.length(), end);
            if (i >= end || s.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a quoted value for " + name + " in " + text);
            }
            StringBuilder value = new StringBuilder();
            i++;
            while (i < end && s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < end) {
                    char next = s.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                i++;
            }
            if (i >= end) {
                throw new IllegalArgumentException("unterminated value for " + name + " in " + text);
            }
            i = skipSpaces(s, i + 1, end);
            Pattern regex = null;
            if (op.endsWith("~")) {
                try {
                    regex = Pattern.compile("^(?:" + value + ")$");
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regular expression for " + name + ": "
                            + e.getDescription());
                }
            }
            terms.add(new Term(name, op, value.toString(), regex));
            if (i < end && s.charAt(i) == ',') {
                i++;
            } else if (i < end) {
                throw new IllegalArgumentException("expected , or } at " + i + " in " + text);
            }
        }
        return new TargetMatcher(terms);
    }

    private static int skipSpaces(String s, int i, int end) {
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
