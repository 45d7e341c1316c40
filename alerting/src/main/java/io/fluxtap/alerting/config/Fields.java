package io.fluxtap.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of one YAML mapping, as Go's {@code yaml.UnmarshalStrict}: every key read is remembered, and
 * {@link #done()} refuses the first key nobody read with Go's wording, {@code field X not found in type T}.
 */
final class Fields {

    private final JsonNode node;
    private final String type;
    private final Set<String> read = new HashSet<>();

    private Fields(JsonNode node, String type) {
        this.node = node;
        this.type = type;
    }

    /** A null or missing node reads as an empty mapping, as a YAML key without value does in Go. */
    static Fields of(JsonNode node, String type) {
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isObject()) {
            throw new ConfigException("cannot unmarshal " + kind(node) + " into " + type);
        }
        return new Fields(node, type);
    }

    boolean has(String key) {
        JsonNode v = raw(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        read.add(key);
        return node == null || node.isNull() || node.isMissingNode() ? null : node.get(key);
    }

    String string(String key) {
        return string(key, null);
    }

    String string(String key, String otherwise) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        return scalar(v, key);
    }

    Boolean bool(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText();
        return switch (s) {
            case "true", "True", "TRUE", "yes", "on" -> true;
            case "false", "False", "FALSE", "no", "off" -> false;
            default -> throw new ConfigException("cannot unmarshal !!str `" + s + "` into bool (" + key + ")");
        };
    }

    boolean bool(String key, boolean otherwise) {
        Boolean b = bool(key);
        return b == null ? otherwise : b;
    }

    Integer integer(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Integer.parseInt(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("cannot unmarshal !!str `" + v.asText() + "` into int (" + key + ")");
        }
    }

    /** A Prometheus duration, or null when not set. */
    Duration duration(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            return PromDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** A list of strings, or null when not set (so that "set to []" and "not set" stay apart). */
    List<String> strings(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new ConfigException("cannot unmarshal " + kind(v) + " into []string (" + key + ")");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.isNull() ? "" : scalar(e, key));
        }
        return out;
    }

    /** A mapping of strings, or null when not set; a key without value maps to null. */
    Map<String, String> stringMap(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new ConfigException("cannot unmarshal " + kind(v) + " into map[string]string (" + key + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null : scalar(e.getValue(), key)));
        return out;
    }

    /** Each element of a list, or an empty list when not set. */
    List<JsonNode> list(String key) {
        JsonNode v = raw(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new ConfigException("cannot unmarshal " + kind(v) + " into a list (" + key + ")");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    Fields object(String key, String objectType) {
        return of(raw(key), objectType);
    }

    /** @throws ConfigException for the first key no one read */
    void done() {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!read.contains(name)) {
                throw new ConfigException("yaml: unmarshal errors: field " + name + " not found in type " + type);
            }
        }
    }

    private static String scalar(JsonNode v, String key) {
        if (v.isContainerNode()) {
            throw new ConfigException("cannot unmarshal " + kind(v) + " into string (" + key + ")");
        }
        return v.asText();
    }

    private static String kind(JsonNode v) {
        return v.isArray() ? "!!seq" : v.isObject() ? "!!map" : "!!str `" + v.asText() + "`";
    }
}
