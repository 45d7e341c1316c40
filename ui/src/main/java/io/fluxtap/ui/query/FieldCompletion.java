package io.fluxtap.ui.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to offer at the end of a half-typed query in the log filter language (README, "Log filter language"): field
 * names where a field may start (at the beginning, after {@code (}, {@code AND}, {@code OR}, {@code NOT}), and
 * {@code attributes.<key>} for the keys seen. Only the end of the text counts, as one types there; inside a quoted
 * value nothing is offered.
 *
 * @param prefix what of the field name is typed already; a choice replaces it
 */
public record FieldCompletion(String prefix) {

    /** The logs' fields as the language names them, the ones people filter by most first. */
    static final List<String> FIELDS = List.of("entity_name", "level", "body", "trace_id", "span_id", "flux_id",
            "gear_id", "machine_id", "severity_number", "severity_text", "scope_name", "scope_version", "ts");
    /** The field the dashboard calls service is {@code entity_name} in the language: typing either finds it. */
    private static final String SERVICE = "service";

    private static final Pattern WORD_AT_END = Pattern.compile("(?:^|[\\s(])([A-Za-z_][A-Za-z0-9_./-]*)$");
    private static final Pattern FIELD_MAY_START = Pattern.compile("(?i)(?:^|\\(|\\b(?:AND|OR|NOT))\\s*$");
    /** The parenthesis of {@code IN (} opens values, not a group. */
    private static final Pattern VALUES_OPEN = Pattern.compile("(?i)\\bIN\\s*\\(\\s*$");
    /** A key written bare after {@code attributes.}; any other needs quotes (the language's rule). */
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_./-]+");

    public static Optional<FieldCompletion> at(String text) {
        if (text == null || insideQuotes(text)) {
            return Optional.empty();
        }
        Matcher word = WORD_AT_END.matcher(text);
        if (!word.find()) {
            return Optional.empty();
        }
        String head = text.substring(0, word.start(1));
        if (!FIELD_MAY_START.matcher(head).find() || VALUES_OPEN.matcher(head).find()) {
            return Optional.empty();
        }
        return Optional.of(new FieldCompletion(word.group(1)));
    }

    /** The fields, then the attribute keys, that the prefix starts (a key also by its own name), at most {@code limit}. */
    public List<String> candidates(List<String> attributeKeys, int limit) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String field : FIELDS) {
            boolean byAlias = field.equals("entity_name") && SERVICE.startsWith(lower);
            if ((field.startsWith(lower) || byAlias) && !field.equals(prefix)) {
                out.add(field);
            }
        }
        for (String key : attributeKeys) {
            String field = "attributes." + (BARE_KEY.matcher(key).matches() ? key : "\"" + key.replace("\"", "\"\"") + "\"");
            if ((field.startsWith(prefix) || key.startsWith(prefix)) && !field.equals(prefix)) {
                out.add(field);
            }
        }
        return out.stream().distinct().limit(limit).toList();
    }

    /** The text with the typed prefix replaced by the choice and a space, ready for the operator. */
    public String apply(String text, String choice) {
        return text.substring(0, text.length() - prefix.length()) + choice + " ";
    }

    /** Whether the text ends inside a {@code '...'} value ({@code ''} inside one is a quote). */
    private static boolean insideQuotes(String text) {
        return text.chars().filter(c -> c == '\'').count() % 2 == 1;
    }
}
