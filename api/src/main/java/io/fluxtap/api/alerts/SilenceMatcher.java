package io.fluxtap.api.alerts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One matcher of a silence.
 *
 * @param operator {@code =}, {@code !=}, {@code =~} or {@code !~}
 */
public record SilenceMatcher(String name, String operator, String value) {

    public SilenceMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
    }

    /** One equality matcher per label, by name: what silencing exactly this alert takes. */
    public static List<SilenceMatcher> equalTo(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> new SilenceMatcher(e.getKey(), "=", e.getValue())).toList();
    }

    @Override
    public String toString() {
        return name + operator + '"' + value + '"';
    }
}
