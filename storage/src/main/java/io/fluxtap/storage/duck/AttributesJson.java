package io.fluxtap.storage.duck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of the {@code attributes} and {@code resource} JSON columns. Objects keep their key
 * order; integers read back as Long and fractions as Double, the types {@link io.fluxtap.api.AttributeValues}
 * uses. Non-finite doubles (NaN, Infinity) are written as strings, since JSON has no numbers for them.
 */
public final class AttributesJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final String EMPTY_OBJECT = "{}";
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private AttributesJson() {
    }

    /** @throws IllegalArgumentException when a value has no JSON form */
    public static String write(Map<String, Object> attributes) {
        // Most scopes, and many records, carry no attributes: their column is written per row, without Jackson.
        if (attributes != null && attributes.isEmpty()) {
            return EMPTY_OBJECT;
        }
        try {
            return MAPPER.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attribute value has no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    /** Null (a row written without attributes) reads as an empty map. */
    public static Map<String, Object> read(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
