package io.fluxtap.storage.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.UnixNanos;
import io.fluxtap.storage.query.DuckDbTraceQuery.StoredSpan;

import java.io.UncheckedIOException;
import io.fluxtap.api.LogRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of {@code /api/v1/traces}. A span has every column of {@code active_spans}, named as
 * there, null when it has no value, with the conventions of {@link LogsJson}: {@code ts} and {@code end_ts}
 * in RFC 3339 with microseconds, {@code flux_id} as unsigned decimal text. {@code start_time_unix_nano} and
 * {@code end_time_unix_nano} are the OTLP times as sent, unsigned decimal text of nanoseconds. Event times keep
 * their nanoseconds; flags and dropped counts are unsigned.
 */
final class TracesJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    private TracesJson() {
    }

    /**
     * {@code {"trace_id", "start", "end", "duration_ns", "span_count", "spans": [...], "tree": [...], "logs": [...],
     * "messages": [...]}}: {@code spans} flat in the order given (as before the tree existed), {@code tree} the same
     * spans nested by parent, each with {@code children}; roots and spans whose parent is not stored at the top.
     */
    static byte[] trace(String traceId, List<StoredSpan> spans, List<LogRecord> logs,
                        List<DuckDbMessageQuery.StoredMessage> messages) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("trace_id", traceId);
        Instant start = spans.stream().map(s -> s.span().startTime()).min(Instant::compareTo).orElseThrow();
        Instant end = spans.stream().map(s -> s.span().endTime()).max(Instant::compareTo).orElseThrow();
        root.put("start", LogsJson.timestamp(start));
        root.put("end", LogsJson.timestamp(end));
        root.put("duration_ns", Math.max(Duration.between(start, end).toNanos(),
                spans.stream().mapToLong(StoredSpan::durationNanos).max().orElse(0)));
        root.put("span_count", spans.size());
        ArrayNode array = root.putArray("spans");
        spans.forEach(span -> array.add(toJson(span)));
        root.set("tree", tree(spans));
        ArrayNode logArray = root.putArray("logs");
        logs.forEach(log -> logArray.add(LogsJson.toJson(log)));
        ArrayNode messageArray = root.putArray("messages");
        messages.forEach(message -> messageArray.add(MessagesJson.toJson(message)));
        return bytes(root);
    }

    /** {@code {"traces":[{"trace_id","root_service","root_operation","start","duration_ns","span_count","error"}],"count":N}}. */
    static byte[] summaries(DuckDbTraceQuery.TracePage page) {
        List<DuckDbTraceQuery.TraceSummary> traces = page.traces();
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("traces");
        traces.forEach(trace -> array.addObject()
                .put("trace_id", trace.traceId())
                .put("root_service", trace.rootService())
                .put("root_operation", trace.rootOperation())
                .put("start", LogsJson.timestamp(trace.start()))
                .put("duration_ns", trace.durationNanos())
                .put("span_count", trace.spanCount())
                .put("error", trace.error()));
        root.put("count", traces.size());
        root.put("total", page.total());
        root.put("next_cursor", page.next() == null ? null : page.next().encode());
        return bytes(root);
    }

    /**
     * Spans nested under their parents, children in the order given. A span whose parent is not stored is a
     * root; so is one caught in a parent cycle (corrupt ids), so every span appears exactly once.
     */
    static ArrayNode tree(List<StoredSpan> spans) {
        Map<String, ObjectNode> nodes = new LinkedHashMap<>();
        List<ObjectNode> all = new ArrayList<>();
        for (StoredSpan span : spans) {
            ObjectNode node = toJson(span);
            node.putArray("children");
            all.add(node);
            nodes.putIfAbsent(span.span().spanId(), node);
        }
        ArrayNode roots = MAPPER.createArrayNode();
        for (int i = 0; i < spans.size(); i++) {
            String parentId = spans.get(i).span().parentSpanId();
            ObjectNode parent = parentId == null ? null : nodes.get(parentId);
            if (parent == null || parent == all.get(i) || isAncestor(all.get(i), parent, nodes)) {
                roots.add(all.get(i));
            } else {
                ((ArrayNode) parent.get("children")).add(all.get(i));
            }
        }
        return roots;
    }

    /** Whether {@code node} is already above {@code candidate} on the parent chain (linking would close a cycle). */
    private static boolean isAncestor(ObjectNode node, ObjectNode candidate, Map<String, ObjectNode> nodes) {
        Set<ObjectNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ObjectNode current = candidate; current != null && seen.add(current);
             current = current.get("parent_span_id").isNull() ? null : nodes.get(current.get("parent_span_id").asText())) {
            if (current == node) {
                return true;
            }
        }
        return false;
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
        node.put("start_time_unix_nano", Long.toUnsignedString(UnixNanos.of(span.startTime())));
        node.put("end_time_unix_nano", Long.toUnsignedString(UnixNanos.of(span.endTime())));
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
