package io.fluxtap.storage.duck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.MetricSample.Exemplar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of the {@code exemplars} JSON column: an array of
 * {@code {"ts","value","trace_id","span_id","labels"}}, ts as RFC 3339 text with nanoseconds, value a JSON
 * number or, for values JSON has no number for, {@link #nonFiniteText} text.
 */
public final class ExemplarsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ExemplarsJson() {
    }

    /** Null for no exemplars, so rows without any store nothing. */
    public static String write(List<Exemplar> exemplars) {
        if (exemplars.isEmpty()) {
            return null;
        }
        ArrayNode array = MAPPER.createArrayNode();
        for (Exemplar exemplar : exemplars) {
            ObjectNode node = array.addObject();
            node.put("ts", exemplar.timestamp().toString());
            putNumber(node, "value", exemplar.value());
            node.put("trace_id", exemplar.traceId());
            node.put("span_id", exemplar.spanId());
            ObjectNode labels = node.putObject("labels");
            exemplar.labels().forEach(labels::put);
        }
        try {
            return MAPPER.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write exemplars as JSON", e);
        }
    }

    /** Null (no exemplars) reads as an empty list. */
    public static List<Exemplar> read(String json) {
        if (json == null) {
            return List.of();
        }
        JsonNode array;
        try {
            array = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored exemplars are not JSON: " + e.getOriginalMessage(), e);
        }
        List<Exemplar> exemplars = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            Map<String, String> labels = new LinkedHashMap<>();
            node.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            exemplars.add(new Exemplar(Instant.parse(node.get("ts").asText()), readNumber(node.get("value")),
                    node.hasNonNull("trace_id") ? node.get("trace_id").asText() : null,
                    node.hasNonNull("span_id") ? node.get("span_id").asText() : null,
                    labels));
        }
        return exemplars;
    }

    /** A double as JSON: a number when finite, else "NaN", "+Inf" or "-Inf" as Prometheus' API writes them. */
    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, nonFiniteText(value));
        }
    }

    /** "NaN", "+Inf" or "-Inf". */
    public static String nonFiniteText(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "+Inf" : "-Inf";
    }

    private static double readNumber(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        return switch (node.asText()) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
