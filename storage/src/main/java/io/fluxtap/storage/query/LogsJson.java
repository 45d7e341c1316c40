package io.fluxtap.storage.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.LogRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON documents of {@code /api/v1/logs}. Every field is present, null when the record has no
 * value, so clients see one shape. Timestamps are RFC 3339 strings in UTC with microseconds (what the
 * store's TIMESTAMPTZ keeps); {@code time_unix_nano} and {@code observed_time_unix_nano} are OTLP's times as
 * sent, in nanoseconds ("0" when the sender left one unset). {@code flux_id} and the nanosecond times are
 * strings of the unsigned decimal value: they use all 64 bits and JavaScript numbers are exact only up to 2^53
 * (proto3's JSON mapping does the same for uint64 and fixed64).
 */
final class LogsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter RFC_3339_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private LogsJson() {
    }

    /**
     * {@code {"logs":[...],"count":N,"<cursorField>":"...","truncated":false}} in the page's order; the cursor
     * may be null. Written record by record, so the answer is never held whole: a page of many large records
     * goes out as they are encoded (chunked).
     */
    static void write(OutputStream out, LogPage page, String cursorField) throws IOException {
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("logs");
            for (LogRecord log : page.logs()) {
                MAPPER.writeTree(json, toJson(log));
            }
            json.writeEndArray();
            json.writeNumberField("count", page.logs().size());
            json.writeStringField(cursorField, page.cursor() == null ? null : page.cursor().encode());
            json.writeBooleanField("truncated", page.truncated());
            json.writeEndObject();
        }
    }

    /** The bytes a record takes in a page (its JSON and the comma before it), for {@link PageBound}. */
    static long size(LogRecord log) {
        CountingStream counter = new CountingStream();
        try {
            MAPPER.writeValue(counter, toJson(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count + 1;
    }

    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static byte[] error(String message) {
        return bytes(MAPPER.createObjectNode().put("error", message));
    }

    /** An error about the filter text, with the 0-based offset of the character at fault. */
    static byte[] error(String message, int position) {
        return bytes(MAPPER.createObjectNode().put("error", message).put("position", position));
    }

    static ObjectNode toJson(LogRecord log) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("ts", timestamp(log.timestamp()));
        node.put("observed_ts", timestamp(log.observedTimestamp()));
        node.put("trace_id", log.traceId());
        node.put("span_id", log.spanId());
        node.put("flux_id", log.fluxId() == null ? null : Long.toUnsignedString(log.fluxId()));
        node.put("machine_id", log.machineId());
        node.put("entity_name", log.entityName());
        node.put("gear_id", log.gearId());
        node.put("level", log.level().label());
        node.put("severity_number", log.severityNumber());
        node.put("body", log.body());
        node.set("attributes", MAPPER.valueToTree(log.attributes()));
        node.set("resource", MAPPER.valueToTree(log.resource()));
        node.put("severity_text", log.severityText());
        node.put("scope_name", log.scopeName());
        node.put("scope_version", log.scopeVersion());
        node.set("scope_attributes", MAPPER.valueToTree(log.scopeAttributes()));
        node.put("time_unix_nano", Long.toUnsignedString(log.timeUnixNano()));
        node.put("observed_time_unix_nano", Long.toUnsignedString(log.observedTimeUnixNano()));
        return node;
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : RFC_3339_MICROS.format(instant);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
