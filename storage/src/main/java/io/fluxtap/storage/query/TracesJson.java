package io.fluxtap.storage.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.storage.query.DuckDbTraceQuery.StoredSpan;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of {@code /api/v1/traces}. A span has every column of {@code active_spans}, named as
 * there, null when it has no value, with the conventions of {@link LogsJson}: {@code ts} and {@code end_ts}
 * in RFC 3339 with microseconds, {@code flux_id} as unsigned decimal text. Event times keep their
 * nanoseconds; flags and dropped counts are unsigned.
 */
final class TracesJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    private TracesJson() {
    }

    /** {@code {"trace_id":"...","spans":[...]}} in the order given. */
    static byte[] trace(String traceId, List<StoredSpan> spans) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("trace_id", traceId);
        ArrayNode array = root.putArray("spans");
        spans.forEach(span -> array.add(toJson(span)));
        return bytes(root);
    }

    static ObjectNode toJson(StoredSpan stored) {
        SpanRecord span = stored.span();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("ts", LogsJson.timestamp(span.startTime()));
        node.put("trace_id", span.traceId());
        node.put("span_id", span.spanId());
        node.put("flux_id", span.fluxId() == null ? null : Long.toUnsignedString(span.fluxId()));
        node.put("machine_id", span.machineId());
        node.put("entity_name", span.entityName());
        node.put("gear_id", span.gearId());
        node.put("level", span.level().label());
        node.put("end_ts", LogsJson.timestamp(span.endTime()));
        node.put("duration_ns", stored.durationNanos());
        node.put("parent_span_id", span.parentSpanId());
        node.put("trace_state", span.traceState());
        node.put("flags", Integer.toUnsignedLong(span.flags()));
        node.put("name", span.name());
        node.put("kind", label(span.kind()));
        node.put("status_code", label(span.statusCode()));
        node.put("status_message", span.statusMessage());
        node.put("scope_name", span.scopeName());
        node.put("scope_version", span.scopeVersion());
        node.set("scope_attributes", MAPPER.valueToTree(span.scopeAttributes()));
        node.set("attributes", MAPPER.valueToTree(span.attributes()));
        node.set("resource", MAPPER.valueToTree(span.resource()));
        ArrayNode events = node.putArray("events");
        span.events().forEach(event -> events.addObject()
                .put("time", RFC_3339_NANOS.format(event.time()))
                .put("name", event.name())
                .<ObjectNode>set("attributes", MAPPER.valueToTree(event.attributes()))
                .put("dropped_attributes_count", Integer.toUnsignedLong(event.droppedAttributesCount())));
        ArrayNode links = node.putArray("links");
        span.links().forEach(link -> links.addObject()
                .put("trace_id", link.traceId())
                .put("span_id", link.spanId())
                .put("trace_state", link.traceState())
                .put("flags", Integer.toUnsignedLong(link.flags()))
                .<ObjectNode>set("attributes", MAPPER.valueToTree(link.attributes()))
                .put("dropped_attributes_count", Integer.toUnsignedLong(link.droppedAttributesCount())));
        node.put("dropped_attributes_count", Integer.toUnsignedLong(span.droppedAttributesCount()));
        node.put("dropped_events_count", Integer.toUnsignedLong(span.droppedEventsCount()));
        node.put("dropped_links_count", Integer.toUnsignedLong(span.droppedLinksCount()));
        return node;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
