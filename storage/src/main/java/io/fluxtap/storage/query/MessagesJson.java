package io.fluxtap.storage.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON of {@code GET /api/v1/messages/{wire_id}}: every field present, null when the message has no value.
 * {@code flux_id} is the unsigned decimal in a string, as the messages API returned it; {@code ts} is RFC 3339
 * in UTC with microseconds; {@code promoted} and {@code json} are JSON objects (json is the message as sent,
 * parsed, so its whitespace is not kept in the response).
 */
final class MessagesJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private MessagesJson() {
    }

    /** {@code {"messages":[...],"count":N}} in the order given. */
    static byte[] page(List<DuckDbMessageQuery.StoredMessage> messages) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("messages");
        messages.forEach(message -> array.add(toJson(message)));
        root.put("count", messages.size());
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode toJson(DuckDbMessageQuery.StoredMessage message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("flux_id", message.fluxId());
        node.put("ts", LogsJson.timestamp(message.timestamp()));
        node.put("wire_id", message.wireId());
        node.put("trace_id", message.traceId());
        node.put("span_id", message.spanId());
        node.put("machine_id", message.machineId());
        node.put("entity_name", message.entityName());
        node.put("gear_id", message.gearId());
        node.set("promoted", tree(message.promoted()));
        node.set("json", tree(message.json()));
        return node;
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored message is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
