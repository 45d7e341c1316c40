package io.fluxtap.storage.prometheus.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.QueryResult;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' JSON envelope, field for field: {@code status}, {@code data}, {@code errorType}, {@code error},
 * then {@code warnings} and {@code infos} only when there are any. Written as a stream, so a large matrix is
 * never held as text.
 */
final class ApiJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ApiJson() {
    }

    static void success(OutputStream out, ApiResult result) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeFieldName("data");
            result.data().write(json);
            annotations(json, result.warnings(), result.infos());
            json.writeEndObject();
        }
    }

    static void error(OutputStream out, PromqlException error) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("errorType", error.errorType().wireName());
            json.writeStringField("error", String.valueOf(error.getMessage()));
            json.writeEndObject();
        }
    }

    private static void annotations(JsonGenerator json, List<String> warnings, List<String> infos) throws IOException {
        if (!warnings.isEmpty()) {
            stringArray(json, "warnings", warnings);
        }
        if (!infos.isEmpty()) {
            stringArray(json, "infos", infos);
        }
    }

    private static void stringArray(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static void strings(JsonGenerator json, List<String> values) throws IOException {
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static void labels(JsonGenerator json, Map<String, String> labels) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            json.writeStringField(label.getKey(), label.getValue());
        }
        json.writeEndObject();
    }

    /** {@code [<seconds>, "<value>"]}. */
    static void point(JsonGenerator json, long timestampMs, String value) throws IOException {
        json.writeStartArray();
        json.writeNumber(PrometheusNumbers.timestamp(timestampMs));
        json.writeString(value);
        json.writeEndArray();
    }

    /** {@code {"resultType": ..., "result": ...}} for the four kinds of query result. */
    static void queryData(JsonGenerator json, QueryResult result) throws IOException {
        json.writeStartObject();
        switch (result) {
            case QueryResult.Scalar scalar -> {
                json.writeStringField("resultType", "scalar");
                json.writeFieldName("result");
                point(json, scalar.timestampMs(), PrometheusNumbers.value(scalar.value()));
            }
            case QueryResult.StringValue string -> {
                json.writeStringField("resultType", "string");
                json.writeFieldName("result");
                point(json, string.timestampMs(), string.value());
            }
            case QueryResult.InstantVector vector -> {
                json.writeStringField("resultType", "vector");
                json.writeArrayFieldStart("result");
                for (QueryResult.Sample sample : vector.samples()) {
                    json.writeStartObject();
                    json.writeFieldName("metric");
                    labels(json, sample.labels());
                    json.writeFieldName("value");
                    point(json, sample.timestampMs(), PrometheusNumbers.value(sample.value()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            case QueryResult.RangeMatrix matrix -> {
                json.writeStringField("resultType", "matrix");
                json.writeArrayFieldStart("result");
                for (QueryResult.Series series : matrix.series()) {
                    json.writeStartObject();
                    json.writeFieldName("metric");
                    labels(json, series.labels());
                    json.writeArrayFieldStart("values");
                    long[] timestamps = series.timestampsMs();
                    double[] values = series.values();
                    for (int i = 0; i < timestamps.length; i++) {
                        point(json, timestamps[i], PrometheusNumbers.value(values[i]));
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        }
        json.writeEndObject();
    }
}
