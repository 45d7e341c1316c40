package io.fluxtap.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Reads OTLP/JSON as the specification defines it: the proto3 JSON mapping, except that trace and span ids
 * are hex and enums are integers. Ids are checked to be lowercase hex of the right length and turned into
 * the base64 the mapping has; then the document is read without tolerating unknown fields.
 */
public final class StrictOtlpJson {

    private static final Pattern HEX_TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX_SPAN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StrictOtlpJson() {
    }

    public static ExportLogsServiceRequest logs(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        for (JsonNode resourceLogs : root.path("resourceLogs")) {
            for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                for (JsonNode record : scopeLogs.path("logRecords")) {
                    hexToBase64((ObjectNode) record, "traceId", HEX_TRACE_ID);
                    hexToBase64((ObjectNode) record, "spanId", HEX_SPAN_ID);
                    JsonNode severity = record.get("severityNumber");
                    if (severity != null && !severity.isInt()) {
                        throw new IOException("severityNumber must be an integer in OTLP/JSON: " + severity);
                    }
                }
            }
        }
        ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
        JsonFormat.parser().merge(MAPPER.writeValueAsString(root), builder);
        return builder.build();
    }

    private static void hexToBase64(ObjectNode record, String field, Pattern hex) throws IOException {
        JsonNode id = record.get(field);
        if (id == null) {
            return;
        }
        if (!hex.matcher(id.asText()).matches()) {
            throw new IOException(field + " is not lowercase hex of the right length: " + id);
        }
        record.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.asText())));
    }
}
