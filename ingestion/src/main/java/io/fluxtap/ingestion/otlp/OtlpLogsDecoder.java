package io.fluxtap.ingestion.otlp;

import com.google.protobuf.ByteString;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps an OTLP {@link ExportLogsServiceRequest} to Fluxtap {@link LogRecord}s, lifting the correlation
 * columns out of the OTel attributes. Records with malformed ids are refused one by one (OTLP partial
 * success); the others are kept.
 */
final class OtlpLogsDecoder {

    private static final int TRACE_ID_BYTES = 16;
    private static final int SPAN_ID_BYTES = 8;
    private static final List<String> FLUX_ID_KEYS = List.of("flux.id", "flux_id");
    private static final List<String> MACHINE_ID_KEYS = List.of("host.id", "service.instance.id", "machine.id");
    private static final String SERVICE_NAME = "service.name";
    private static final String GEAR_ID = "gear.id";
    private static final String EVENT_NAME = "event.name";
    private static final HexFormat HEX = HexFormat.of();

    private final Clock clock;

    OtlpLogsDecoder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Decoded<LogRecord> decode(ExportLogsServiceRequest request) {
        Instant now = clock.instant();
        List<LogRecord> records = new ArrayList<>();
        Rejections rejections = new Rejections();
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resourceLogs = request.getResourceLogs(r);
            Map<String, Object> resource = AnyValues.toMap(resourceLogs.getResource().getAttributesList());
            String machineId = firstText(resource, MACHINE_ID_KEYS);
            String entityName = AnyValues.text(resource.get(SERVICE_NAME));
            for (int s = 0; s < resourceLogs.getScopeLogsCount(); s++) {
                ScopeLogs scopeLogs = resourceLogs.getScopeLogs(s);
                String scopeName = blankToNull(scopeLogs.getScope().getName());
                for (int l = 0; l < scopeLogs.getLogRecordsCount(); l++) {
                    var log = scopeLogs.getLogRecords(l);
                    String traceId = id(log.getTraceId(), TRACE_ID_BYTES);
                    String spanId = id(log.getSpanId(), SPAN_ID_BYTES);
                    if (traceId == null || spanId == null) {
                        String where = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + l + "]";
                        if (traceId == null) {
                            rejections.add("traceId must be 16 bytes or empty", where, log.getTraceId().size());
                        } else {
                            rejections.add("spanId must be 8 bytes or empty", where, log.getSpanId().size());
                        }
                        continue;
                    }
                    Map<String, Object> attributes = AnyValues.toMap(log.getAttributesList());
                    Long fluxId = takeFluxId(attributes);
                    String gearAttribute = AnyValues.text(attributes.get(GEAR_ID));
                    String gearId = gearAttribute != null ? gearAttribute : scopeName;
                    if (!log.getEventName().isEmpty()) {
                        attributes.putIfAbsent(EVENT_NAME, log.getEventName());
                    }
                    records.add(new LogRecord(
                            timestamp(log.getTimeUnixNano(), log.getObservedTimeUnixNano(), now),
                            timestamp(log.getObservedTimeUnixNano(), 0, now),
                            emptyToNull(traceId),
                            emptyToNull(spanId),
                            fluxId,
                            machineId,
                            entityName,
                            gearId,
                            level(log.getSeverityNumberValue(), log.getSeverityText()),
                            log.getSeverityNumberValue(),
                            AnyValues.render(log.getBody()),
                            attributes,
                            resource));
                }
            }
        }
        return new Decoded<LogRecord>(records, rejections.count, rejections.message());
    }

    /**
     * An id as lowercase hex; "" when absent (no bytes, or all zero bytes, which OTel defines as invalid
     * and exporters send for "no trace"); null when it has the wrong length.
     */
    private static String id(ByteString bytes, int length) {
        if (bytes.isEmpty()) {
            return "";
        }
        if (bytes.size() != length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (bytes.byteAt(i) != 0) {
                return HEX.formatHex(bytes.toByteArray());
            }
        }
        return "";
    }

    /** The first of the given time fields that is set (OTLP uses 0 for "unknown"), else now. */
    private static Instant timestamp(long unixNanos, long fallbackUnixNanos, Instant now) {
        long nanos = unixNanos != 0 ? unixNanos : fallbackUnixNanos;
        if (nanos == 0) {
            return now;
        }
        // fixed64: read as unsigned, so no sender value turns into a date before 1970.
        return Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
                Long.remainderUnsigned(nanos, 1_000_000_000L));
    }

    private static Level level(int severityNumber, String severityText) {
        Level level = Level.fromSeverityNumber(severityNumber);
        return level != Level.UNSPECIFIED ? level : Level.fromText(severityText).orElse(Level.UNSPECIFIED);
    }

    /**
     * The business id, promoted to its column and removed from the attributes. A value that is not an
     * unsigned 64-bit number stays in the attributes so nothing the sender wrote is lost.
     */
    private static Long takeFluxId(Map<String, Object> attributes) {
        for (String key : FLUX_ID_KEYS) {
            Long id = switch (attributes.get(key)) {
                case Long number -> number;
                case String text -> parseUnsigned(text.strip());
                case null, default -> null;
            };
            if (id != null) {
                attributes.remove(key);
                return id;
            }
        }
        return null;
    }

    private static Long parseUnsigned(String text) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstText(Map<String, Object> attributes, List<String> keys) {
        for (String key : keys) {
            String text = AnyValues.text(attributes.get(key));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /** Counts refused records by cause, remembering the first occurrence of each for the message. */
    private static final class Rejections {
        private final Map<String, String> firstByCause = new LinkedHashMap<>();
        private final Map<String, Integer> countByCause = new LinkedHashMap<>();
        private long count;

        void add(String cause, String where, int actualBytes) {
            count++;
            countByCause.merge(cause, 1, Integer::sum);
            firstByCause.putIfAbsent(cause, where + " had " + actualBytes + " bytes");
        }

        String message() {
            if (count == 0) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            countByCause.forEach((cause, n) ->
                    parts.add(n + " rejected: " + cause + " (first: " + firstByCause.get(cause) + ")"));
            return String.join("; ", parts);
        }
    }
}
