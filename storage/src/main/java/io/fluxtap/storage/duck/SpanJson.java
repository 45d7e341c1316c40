package io.fluxtap.storage.duck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fluxtap.api.SpanRecord;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The text form of the {@code events} and {@code links} JSON columns of {@code active_spans}: arrays of
 * objects with snake_case keys, so SQL users read them as they read the table's columns
 * ({@code events->0->>'name'}). Attribute maps follow {@link AttributesJson}'s rules; event times are
 * RFC 3339 text with every nanosecond the sender gave; unsigned 32-bit fields are written unsigned.
 */
public final class SpanJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private static final TypeReference<List<EventRow>> EVENTS = new TypeReference<>() {
    };
    private static final TypeReference<List<LinkRow>> LINKS = new TypeReference<>() {
    };

    private SpanJson() {
    }

    /** @throws IllegalArgumentException when an attribute value has no JSON form */
    public static String writeEvents(List<SpanRecord.Event> events) {
        return write(events.stream().map(e -> new EventRow(e.time().toString(), e.name(),
                new LinkedHashMap<>(e.attributes()), Integer.toUnsignedLong(e.droppedAttributesCount()))).toList());
    }

    /** @throws IllegalArgumentException when an attribute value has no JSON form */
    public static String writeLinks(List<SpanRecord.Link> links) {
        return write(links.stream().map(l -> new LinkRow(l.traceId(), l.spanId(), l.traceState(),
                Integer.toUnsignedLong(l.flags()), new LinkedHashMap<>(l.attributes()),
                Integer.toUnsignedLong(l.droppedAttributesCount()))).toList());
    }

    /** Null (a row written without events) reads as no events. */
    public static List<SpanRecord.Event> readEvents(String json) {
        return read(json, EVENTS).stream().map(e -> new SpanRecord.Event(Instant.parse(e.time()), e.name(),
                e.attributes(), (int) e.droppedAttributesCount())).toList();
    }

    /** Null (a row written without links) reads as no links. */
    public static List<SpanRecord.Link> readLinks(String json) {
        return read(json, LINKS).stream().map(l -> new SpanRecord.Link(l.traceId(), l.spanId(), l.traceState(),
                (int) l.flags(), l.attributes(), (int) l.droppedAttributesCount())).toList();
    }

    private static String write(List<?> rows) {
        try {
            return MAPPER.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attribute value has no JSON form: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> List<T> read(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored span events or links are not the JSON written: "
                    + e.getOriginalMessage(), e);
        }
    }

    private record EventRow(String time, String name, LinkedHashMap<String, Object> attributes,
                            long droppedAttributesCount) {
    }

    private record LinkRow(String traceId, String spanId, String traceState, long flags,
                           LinkedHashMap<String, Object> attributes, long droppedAttributesCount) {
    }
}
