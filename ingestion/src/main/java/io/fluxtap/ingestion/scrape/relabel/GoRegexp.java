package io.fluxtap.ingestion.scrape.relabel;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relabelling regex as Prometheus compiles it ({@code ^(?s:expression)$}, Go RE2 syntax), run by java.util.regex
 * after {@link GoRegexTranslator} has rewritten the constructs the two read differently.
 *
 * @param expression the regex as written in the configuration
 * @param pattern    the Java translation of the anchored expression; use {@link #match} rather than its
 *                   {@code matches()}, the anchors are in the pattern
 * @param groupNames the name of each capturing group by index ({@code ""} for group 0 and unnamed groups), since
 *                   Go allows names Java does not ({@code first_name})
 */
public record GoRegexp(String expression, Pattern pattern, List<String> groupNames) {

    public GoRegexp {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(pattern, "pattern");
        groupNames = List.copyOf(groupNames);
    }

    /**
     * Compiles {@code expression} anchored as Prometheus' {@code relabel.NewRegexp} does.
     *
     * @throws IllegalArgumentException with Go's wording when Go would refuse the expression, or with ours when
     *                                  Java would read it differently
     */
    public static GoRegexp compile(String expression) {
        GoRegexTranslator.Translation translation = GoRegexTranslator.translate("^(?s:" + expression + ")$");
        Pattern pattern;
        try {
            // UNIX_LINES: only \n ends a line, as in Go; UNICODE_CASE: (?i) folds beyond ASCII, as Go's does.
            pattern = Pattern.compile(translation.java(), Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `^(?s:"
                    + expression + ")$`", e);
        }
        return new GoRegexp(expression, pattern, translation.groupNames());
    }

    /** The match of the whole value (Go's {@code FindStringSubmatchIndex} on the anchored regex), or null. */
    public Matcher match(String value) {
        Matcher matcher = pattern.matcher(value);
        return matcher.find() ? matcher : null;
    }

    public boolean matches(String value) {
        return match(value) != null;
    }

    /**
     * Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} replaced by the
     * group's text (empty when the group does not exist or did not take part), {@code $$} a dollar, and a
     * {@code $} that starts no valid reference kept as it is.
     */
    public String expand(String template, String source, Matcher match) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        int n = template.length();
        while (i < n) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, n);
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < n && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            Reference ref = reference(template, i);
            if (ref == null) {
                out.append('$');
                continue;
            }
            i = ref.end();
            int group = ref.number() >= 0 ? ref.number() : groupNames.indexOf(ref.name());
            if (group >= 0 && group <= match.groupCount() && match.start(group) >= 0) {
                out.append(source, match.start(group), match.end(group));
            }
        }
        return out.toString();
    }

    /** Go's {@code ReplaceAllString}; the anchors allow only one match, the whole value. */
    public String replaceAll(String source, String template) {
        Matcher match = match(source);
        return match == null ? source : source.substring(0, match.start()) + expand(template, source, match)
                + source.substring(match.end());
    }

    private record Reference(String name, int number, int end) {
    }

    /** Go's {@code extract}: a name of letters, digits and underscores, in braces or not; numbers without 0s before. */
    private static Reference reference(String template, int start) {
        int n = template.length();
        if (start >= n) {
            return null;
        }
        boolean brace = template.charAt(start) == '{';
        int i = brace ? start + 1 : start;
        int nameStart = i;
        while (i < n) {
            int cp = template.codePointAt(i);
            if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == nameStart) {
            return null;
        }
        String name = template.substring(nameStart, i);
        if (brace) {
            if (i >= n || template.charAt(i) != '}') {
                return null;
            }
            i++;
        }
        int number = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || number >= 100_000_000) {
                number = -1;
                break;
            }
            number = number * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            number = -1;
        }
        return new Reference(name, number, i);
    }

    @Override
    public String toString() {
        return expression;
    }
}
