package io.fluxtap.tools.loadgen.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes log lines as one OTLP ExportLogsServiceRequest: one ResourceLogs per service (a batch of a
 * replayed loghub root can span two systems), protobuf or OTLP/JSON.
 */
public final class OtlpLogsEncoder {

    static final String SERVICE_NAME = "service.name";
    static final String GEAR_ID = "gear.id";

    private static final ObjectMapper JSON = new ObjectMapper();
    // OTLP/JSON wants enums as numbers; JsonFormat writes names by default.
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();
    private static final HexFormat HEX = HexFormat.of();

    private final Encoding encoding;
    private final Map<String, String> extraAttributes;
    private final TimeField timeField;

    /** @param extraAttributes added to every record, over the record's own attributes of the same name */
    public OtlpLogsEncoder(Encoding encoding, Map<String, String> extraAttributes) {
        this.encoding = encoding;
        this.extraAttributes = Map.copyOf(extraAttributes);
        this.timeField = TimeField.of(encoding);
    }

    PayloadTemplate encode(List<LogLine> lines) {
        ExportLogsServiceRequest request = request(lines);
        byte[] body = switch (encoding) {
            case PROTOBUF -> request.toByteArray();
            case JSON -> json(request);
        };
        return new PayloadTemplate(body, lines.size(), timeField, encoding.contentType());
    }

    private ExportLogsServiceRequest request(List<LogLine> lines) {
        Map<String, ScopeLogs.Builder> byService = new LinkedHashMap<>();
        for (LogLine line : lines) {
            byService.computeIfAbsent(line.service(), service -> ScopeLogs.newBuilder()).addLogRecords(record(line));
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byService.forEach((service, scopeLogs) -> request.addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute(SERVICE_NAME, service)))
                .addScopeLogs(scopeLogs)));
        return request.build();
    }

    private LogRecord record(LogLine line) {
        LogRecord.Builder record = LogRecord.newBuilder()
                .setTimeUnixNano(timeField.sentinel())
                .setSeverityNumberValue(line.level().severityNumber())
                .setBody(AnyValue.newBuilder().setStringValue(line.body()));
        if (line.severityText() != null) {
            record.setSeverityText(line.severityText());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (line.gearId() != null) {
            attributes.put(GEAR_ID, line.gearId());
        }
        attributes.putAll(line.attributes());
        attributes.putAll(extraAttributes);
        attributes.forEach((key, value) -> record.addAttributes(attribute(key, value)));
        if (line.traceId() != null) {
            record.setTraceId(ByteString.copyFrom(HEX.parseHex(line.traceId())));
        }
        if (line.spanId() != null) {
            record.setSpanId(ByteString.copyFrom(HEX.parseHex(line.spanId())));
        }
        return record.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** The proto3 JSON mapping, except that OTLP/JSON writes trace and span ids as hex rather than base64. */
    private static byte[] json(ExportLogsServiceRequest request) {
        try {
            JsonNode root = JSON.readTree(PRINTER.print(request));
            for (JsonNode resourceLogs : root.path("resourceLogs")) {
                for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
                    for (JsonNode record : scopeLogs.path("logRecords")) {
                        base64ToHex((ObjectNode) record, "traceId");
                        base64ToHex((ObjectNode) record, "spanId");
                    }
                }
            }
            return JSON.writeValueAsBytes(root);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw new IllegalStateException("cannot write OTLP/JSON", e);
        }
    }

    private static void base64ToHex(ObjectNode record, String field) {
        JsonNode id = record.get(field);
        if (id != null) {
            record.put(field, HEX.formatHex(Base64.getDecoder().decode(id.asText())));
        }
    }
}
