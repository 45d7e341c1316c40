package io.fluxtap.ui.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the user picked in the log view's filter bar. It also travels in the page address
 * ({@code /logs?service=checkout&level=error&level=warn&q=timeout&query=...}), so a filtered view can be
 * bookmarked.
 *
 * @param service exact service name, or null for any
 * @param levels  levels to show, empty for all
 * @param text    substring the body must contain, or null
 * @param query   a filter in the log filter language, or null; kept exactly as typed (not trimmed) so the
 *                position of a syntax error points into the text the user sees
 */
public record LogFilter(String service, Set<Level> levels, String text, String query) {

    /** The most rows the log view shows. */
    public static final int LIMIT = 500;

    static final String SERVICE_PARAMETER = "service";
    static final String LEVEL_PARAMETER = "level";
    static final String TEXT_PARAMETER = "q";
    static final String QUERY_PARAMETER = "query";

    public LogFilter {
        service = blankToNull(service);
        levels = levels == null || levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
        text = blankToNull(text);
        query = query == null || query.isBlank() ? null : query;
    }

    public static LogFilter none() {
        return new LogFilter(null, Set.of(), null, null);
    }

    /** The search behind the view: newest first, at most {@link #LIMIT} records. */
    public LogSearch toSearch() {
        return new LogSearch(service, levels, text, null, null, LIMIT, query);
    }

    /**
     * Reads a filter from query parameters. Unknown level names are ignored rather than rejected: a stale
     * bookmark should still open the page.
     */
    public static LogFilter fromQueryParameters(Map<String, List<String>> parameters) {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String label : parameters.getOrDefault(LEVEL_PARAMETER, List.of())) {
            parseLevel(label).ifPresent(levels::add);
        }
        return new LogFilter(first(parameters, SERVICE_PARAMETER), levels, first(parameters, TEXT_PARAMETER),
                first(parameters, QUERY_PARAMETER));
    }

    /** The query parameters that {@link #fromQueryParameters} reads back into this filter; unset criteria are left out. */
    public Map<String, List<String>> toQueryParameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (service != null) {
            parameters.put(SERVICE_PARAMETER, List.of(service));
        }
        if (!levels.isEmpty()) {
            parameters.put(LEVEL_PARAMETER, levels.stream().sorted().map(Level::label).toList());
        }
        if (text != null) {
            parameters.put(TEXT_PARAMETER, List.of(text));
        }
        if (query != null) {
            parameters.put(QUERY_PARAMETER, List.of(query));
        }
        return parameters;
    }

    private static Optional<Level> parseLevel(String label) {
        try {
            return Optional.of(Level.parseLabel(label));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() ? null : values.getFirst();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
