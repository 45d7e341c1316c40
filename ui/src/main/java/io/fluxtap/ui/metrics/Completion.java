package io.fluxtap.ui.metrics;

import io.fluxtap.api.SeriesCatalog;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to offer at the end of a half-typed PromQL query: metric names for a trailing identifier, label names right
 * after {@code metric{} or a comma inside its braces, label values inside {@code label="}. Only the end of the text
 * counts (the editor completes where one types); anything it does not recognise offers nothing.
 *
 * @param kind   what is being typed
 * @param metric the metric whose braces the cursor is in (label kinds only)
 * @param label  the label whose value is typed (values only)
 * @param prefix what of the word is typed already; a suggestion replaces it
 */
public record Completion(Kind kind, String metric, String label, String prefix) {

    public enum Kind { METRIC, LABEL_NAME, LABEL_VALUE }

    private static final Pattern METRIC_AT_END = Pattern.compile("(?<![\\w:\"'])([a-zA-Z_:][a-zA-Z0-9_:]*)$");
    private static final Pattern SELECTOR_OPEN = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^{}]*)$");
    private static final Pattern LABEL_NAME_AT_END = Pattern.compile("(?:^|,)\\s*([a-zA-Z_][a-zA-Z0-9_]*)?$");
    private static final Pattern LABEL_VALUE_AT_END = Pattern.compile("(?:^|,)\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"([^\"\\\\]*)$");
    // Words that end a query's text without being metric names.
    private static final List<String> KEYWORDS = List.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless");

    public static Optional<Completion> at(String text) {
        Matcher open = SELECTOR_OPEN.matcher(text);
        if (open.find()) {
            String inside = open.group(2);
            Matcher value = LABEL_VALUE_AT_END.matcher(inside);
            if (value.find()) {
                return Optional.of(new Completion(Kind.LABEL_VALUE, open.group(1), value.group(1), value.group(2)));
            }
            if (quotesBalanced(inside)) {
                Matcher name = LABEL_NAME_AT_END.matcher(inside);
                if (name.find()) {
                    String prefix = name.group(1) == null ? "" : name.group(1);
                    return Optional.of(new Completion(Kind.LABEL_NAME, open.group(1), null, prefix));
                }
            }
            return Optional.empty();
        }
        Matcher metric = METRIC_AT_END.matcher(text);
        if (metric.find() && !KEYWORDS.contains(metric.group(1)) && !insideRange(text)) {
            return Optional.of(new Completion(Kind.METRIC, null, null, metric.group(1)));
        }
        return Optional.empty();
    }

    /** The catalogue's candidates starting with the prefix, at most {@code limit}. */
    public List<String> candidates(SeriesCatalog catalog, int limit) {
        List<String> all = switch (kind) {
            case METRIC -> catalog.metricNames();
            case LABEL_NAME -> catalog.labelNames(metric);
            case LABEL_VALUE -> catalog.labelValues(metric, label);
        };
        // A metric typed out in full needs no offer; a full label name still does (choosing it adds =").
        return all.stream().filter(c -> c.startsWith(prefix) && (kind != Kind.METRIC || !c.equals(prefix)))
                .limit(limit).toList();
    }

    /** The text with the typed prefix replaced by the choice, and what naturally follows it typed too. */
    public String apply(String text, String choice) {
        String head = text.substring(0, text.length() - prefix.length());
        return switch (kind) {
            case METRIC -> head + choice;
            case LABEL_NAME -> head + choice + "=\"";
            case LABEL_VALUE -> head + choice.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        };
    }

    private static boolean quotesBalanced(String text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 0;
    }

    /** Inside {@code [5m} a duration is typed, not a metric. */
    private static boolean insideRange(String text) {
        return text.lastIndexOf('[') > text.lastIndexOf(']');
    }
}
