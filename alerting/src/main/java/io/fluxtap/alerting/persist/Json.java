package io.fluxtap.alerting.persist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The JSON forms the adapters share (see the package documentation). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(JsonNode node) {
        return node.toString();
    }

    /** @throws IllegalArgumentException when the text is no JSON */
    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A key made of parts, as a JSON array. */
    static String key(Object... parts) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Object part : parts) {
            if (part instanceof Integer i) {
                array.add(i);
            } else {
                array.add(String.valueOf(part));
            }
        }
        return array.toString();
    }

    static void putTime(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
    }

    /** @throws IllegalArgumentException when the field is missing where required, or no ISO-8601 instant */
    static Instant time(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing " + field);
            }
            return null;
        }
        return Instant.parse(value.asText());
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text " + field);
        }
        return value.asText();
    }

    static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    static double doubleOf(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.isTextual() ? Double.parseDouble(value.asText()) : value.asDouble();
    }

    static ObjectNode map(Map<String, String> map) {
        ObjectNode node = MAPPER.createObjectNode();
        map.forEach(node::put);
        return node;
    }

    static Map<String, String> mapOf(JsonNode node, String field) {
        Map<String, String> map = new TreeMap<>();
        JsonNode value = node.get(field);
        if (value != null) {
            value.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }
}
