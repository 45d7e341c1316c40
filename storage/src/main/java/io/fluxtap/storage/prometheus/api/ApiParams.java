package io.fluxtap.storage.prometheus.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters as Go's {@code Request.FormValue} sees them: the values of a form body first, then
 * those of the URL query, so a POST form and a GET query string mean the same.
 */
public record ApiParams(Map<String, List<String>> body, Map<String, List<String>> query) {

    public static ApiParams ofQuery(Map<String, List<String>> query) {
        return new ApiParams(Map.of(), query);
    }

    /** The first value, "" when absent (Go's FormValue). */
    public String value(String name) {
        List<String> all = all(name);
        return all.isEmpty() ? "" : all.getFirst();
    }

    /** Every value, body values before query values. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(body.getOrDefault(name, List.of()));
        values.addAll(query.getOrDefault(name, List.of()));
        return values;
    }
}
