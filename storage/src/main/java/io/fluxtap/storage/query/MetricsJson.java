package io.fluxtap.storage.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.storage.duck.ExemplarsJson;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of {@code /api/v1/metrics/samples}. Every field is present, null when the sample has no
 * value, so clients see one shape. {@code value} is a JSON number, or {@code "NaN"}, {@code "+Inf"},
 * {@code "-Inf"} as Prometheus' API writes what JSON has no number for; {@code stale} tells Prometheus' stale
 * marker from any other NaN. Times are RFC 3339 in UTC with microseconds, {@code flux_id} an unsigned decimal
 * string, as in the logs API.
 */
final class MetricsJson {

    private static final long STALE_MARKER_BITS = 0x7ff0000000000002L;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private MetricsJson() {
    }

    /** {@code {"samples":[...],"count":N}} in the order given. */
    static byte[] page(List<MetricSample> samples) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("samples");
        samples.forEach(sample -> array.add(toJson(sample)));
        root.put("count", samples.size());
        return bytes(root);
    }

    static ObjectNode toJson(MetricSample sample) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", sample.name());
        ObjectNode labels = node.putObject("labels");
        sample.labels().forEach(labels::put);
        node.put("ts", LogsJson.timestamp(sample.timestamp()));
        ExemplarsJson.putNumber(node, "value", sample.value());
        node.put("stale", Double.doubleToRawLongBits(sample.value()) == STALE_MARKER_BITS);
        node.put("type", sample.type().name().toLowerCase(Locale.ROOT));
        node.put("unit", sample.unit());
        node.put("help", sample.help());
        node.put("entity_name", sample.entityName());
        node.put("machine_id", sample.machineId());
        node.put("gear_id", sample.gearId());
        node.put("flux_id", sample.fluxId() == null ? null : Long.toUnsignedString(sample.fluxId()));
        ArrayNode exemplars = node.putArray("exemplars");
        for (Exemplar exemplar : sample.exemplars()) {
            ObjectNode e = exemplars.addObject();
            e.put("ts", LogsJson.timestamp(exemplar.timestamp()));
            ExemplarsJson.putNumber(e, "value", exemplar.value());
            e.put("trace_id", exemplar.traceId());
            e.put("span_id", exemplar.spanId());
            ObjectNode exemplarLabels = e.putObject("labels");
            exemplar.labels().forEach(exemplarLabels::put);
        }
        return node;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
