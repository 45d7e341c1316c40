package io.fluxtap.ui.traces;

import com.vaadin.flow.router.QueryParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Traces page's search as its address carries it; blank means "any". Only a trace whose spans match
 * every given condition (one span per condition is enough) is found.
 *
 * @param attribute {@code key=value} on any span's attributes
 * @param status    {@code error}, {@code ok} or null
 * @param fluxId    the business message key; when given, the page's time range is not applied
 */
record TraceSearch(String service, String operation, Long minMillis, Long maxMillis, String status,
                   String attribute, Long fluxId) {

    private static final Pattern ATTRIBUTE = Pattern.compile("[\\w.\\-]{1,200}=.*");

    static TraceSearch of(QueryParameters parameters) {
        Map<String, List<String>> p = parameters.getParameters();
        return new TraceSearch(text(p, "service"), text(p, "operation"), number(p, "min"), number(p, "max"),
                text(p, "status"), text(p, "attr"), number(p, "flux"));
    }

    Map<String, List<String>> toParameters() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        put(p, "service", service);
        put(p, "operation", operation);
        put(p, "min", minMillis);
        put(p, "max", maxMillis);
        put(p, "status", status);
        put(p, "attr", attribute);
        put(p, "flux", fluxId);
        return p;
    }

    /** The attribute condition split at its first {@code =}, or null when there is none or it is malformed. */
    String[] attributeCondition() {
        if (attribute == null || !ATTRIBUTE.matcher(attribute).matches()) {
            return null;
        }
        int eq = attribute.indexOf('=');
        return new String[] {attribute.substring(0, eq), attribute.substring(eq + 1)};
    }

    private static void put(Map<String, List<String>> p, String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            p.put(key, List.of(value.toString()));
        }
    }

    private static String text(Map<String, List<String>> p, String key) {
        List<String> values = p.get(key);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst().strip();
    }

    private static Long number(Map<String, List<String>> p, String key) {
        String text = text(p, key);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseUnsignedLong(text);
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
