package io.fluxtap.ingestion.otlp.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns OTel {@link AnyValue}s into the plain Java values {@link io.fluxtap.api.AttributeValues} describes:
 * String, Long, Double, Boolean, List, Map (in the sender's order), bytes as base64 text, empty as null.
 */
final class AnyValues {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private AnyValues() {
    }

    static Object toJava(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>(value.getArrayValue().getValuesCount());
                value.getArrayValue().getValuesList().forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case KVLIST_VALUE -> toMap(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            // string_value_strindex points into a profiles dictionary; logs have none to resolve it against.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
        };
    }

    /** Key-value pairs as an ordered map; a repeated key keeps its first position and its last value. */
    static Map<String, Object> toMap(List<KeyValue> pairs) {
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, pairs.size() * 2));
        for (KeyValue pair : pairs) {
            map.put(pair.getKey(), toJava(pair.getValue()));
        }
        return map;
    }

    /** A log body as text: strings as sent, anything else as its JSON rendering, no body as "". */
    static String render(AnyValue body) {
        if (body.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            return body.getStringValue();
        }
        Object value = toJava(body);
        if (value == null) {
            return "";
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Plain maps, lists and scalars always serialise; this would be a Jackson defect.
            throw new IllegalStateException("cannot render a log body as JSON", e);
        }
    }

    /** A scalar attribute as text (for id-like columns); null for missing, blank or structured values. */
    static String text(Object value) {
        return switch (value) {
            case String s when !s.isBlank() -> s;
            case Long l -> l.toString();
            case Double d -> d.toString();
            case Boolean b -> b.toString();
            case null, default -> null;
        };
    }
}
