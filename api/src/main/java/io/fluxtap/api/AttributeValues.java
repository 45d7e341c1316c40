package io.fluxtap.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute maps hold the JSON-representable forms of OTel AnyValue: String, Long, Double,
 * Boolean, List (array) and Map (kvlist), with bytes as base64 text and empty values as null.
 * Maps keep the order the sender used, so a record reads back as it was sent.
 */
public final class AttributeValues {

    private AttributeValues() {
    }

    /** An unmodifiable, order-preserving deep copy; null becomes an empty map. */
    public static Map<String, Object> freeze(Map<String, ?> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(attributes.size() * 2);
        attributes.forEach((k, v) -> copy.put(k, freezeValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freeze((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freezeValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}
