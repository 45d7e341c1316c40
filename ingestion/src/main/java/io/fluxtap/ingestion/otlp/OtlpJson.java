package io.fluxtap.ingestion.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads OTLP/JSON. It is the proto3 JSON mapping except that trace and span ids are hex, not base64.
 * protobuf-java-util's {@link JsonFormat} does the mapping (camelCase keys, int64 as strings or numbers,
 * enums as numbers or names); this class first rewrites the hex ids into the base64 JsonFormat expects.
 */
final class OtlpJson {

    /** OTLP's id fields, in the JSON names and (tolerated, JsonFormat accepts them too) the proto names. */
    private static final Set<String> HEX_ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

    // Exact numbers, so re-serialising the tree hands JsonFormat the digits the sender wrote.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJson() {
    }

    /** Merges an OTLP/JSON document into {@code builder}. */
    static void merge(String json, Message.Builder builder) throws RequestRejected {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw RequestRejected.malformed("invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw RequestRejected.malformed("invalid JSON: the body is empty");
        }
        if (!root.isObject()) {
            throw RequestRejected.malformed("invalid JSON: expected an object, found " + root.getNodeType());
        }
        hexIdsToBase64(root, "$");
        try {
            PARSER.merge(MAPPER.writeValueAsString(root), builder);
        } catch (InvalidProtocolBufferException | JacksonException e) {
            throw RequestRejected.malformed("invalid OTLP/JSON " + builder.getDescriptorForType().getName()
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // JsonFormat reports some type mismatches (e.g. an object where a string belongs) unchecked.
            throw RequestRejected.malformed("invalid OTLP/JSON " + builder.getDescriptorForType().getName()
                    + ": " + e);
        }
    }

    private static void hexIdsToBase64(JsonNode node, String path) throws RequestRejected {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (HEX_ID_FIELDS.contains(field.getKey()) && !value.isNull()) {
                    if (!value.isTextual()) {
                        throw RequestRejected.malformed(fieldPath + " must be a hex string, was " + value.getNodeType());
                    }
                    field.setValue(object.textNode(hexToBase64(value.textValue(), fieldPath)));
                } else {
                    hexIdsToBase64(value, fieldPath);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                hexIdsToBase64(array.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String hexToBase64(String hex, String path) throws RequestRejected {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw RequestRejected.malformed(path + " must be a hex string, was '" + abbreviate(hex) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
