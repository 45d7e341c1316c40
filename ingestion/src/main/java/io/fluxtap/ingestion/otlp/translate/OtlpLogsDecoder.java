package io.fluxtap.ingestion.otlp.translate;

import static io.fluxtap.ingestion.otlp.translate.OtlpFields.FLUX_ID_KEYS;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.GEAR_ID;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.MACHINE_ID_KEYS;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.SERVICE_NAME;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.SPAN_ID_BYTES;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.TRACE_ID_BYTES;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.blankToNull;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.emptyToNull;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.firstText;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.id;
import static io.fluxtap.ingestion.otlp.translate.OtlpFields.takeFluxId;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.UnixNanos;
import io.fluxtap.ingestion.metrics.RejectReason;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps an OTLP {@link ExportLogsServiceRequest} to Fluxtap {@link LogRecord}s, lifting the correlation
 * columns out of the OTel attributes. Records with malformed ids, or dated outside {@link TimestampBounds}, are
 * refused one by one (OTLP partial success); the others are kept. Every OTLP field is kept as sent: the two
 * times in nanoseconds (0 when unset), the severity text, the instrumentation scope's name, version and attributes.
 */
public final class OtlpLogsDecoder {

    private static final String EVENT_NAME = "event.name";

    private final TimestampBounds bounds;

    /** With the default bounds around {@code clock}. */
    public OtlpLogsDecoder(Clock clock) {
        this(TimestampBounds.withDefaults(clock));
    }

    public OtlpLogsDecoder(TimestampBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    public Decoded<LogRecord> decode(ExportLogsServiceRequest request) {
        // Microseconds, as the store keeps them: a record without times reads back exactly as it was decoded.
        Instant now = bounds.clock().instant().truncatedTo(ChronoUnit.MICROS);
        List<LogRecord> records = new ArrayList<>();
        Rejections rejections = new Rejections("");
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resourceLogs = request.getResourceLogs(r);
            Map<String, Object> resource = AnyValues.toMap(resourceLogs.getResource().getAttributesList());
            String machineId = firstText(resource, MACHINE_ID_KEYS);
            String entityName = AnyValues.text(resource.get(SERVICE_NAME));
            for (int s = 0; s < resourceLogs.getScopeLogsCount(); s++) {
                ScopeLogs scopeLogs = resourceLogs.getScopeLogs(s);
                String scopeName = blankToNull(scopeLogs.getScope().getName());
                String scopeVersion = blankToNull(scopeLogs.getScope().getVersion());
                Map<String, Object> scopeAttributes = AnyValues.toMap(scopeLogs.getScope().getAttributesList());
                for (int l = 0; l < scopeLogs.getLogRecordsCount(); l++) {
                    var log = scopeLogs.getLogRecords(l);
                    String traceId = id(log.getTraceId(), TRACE_ID_BYTES);
                    String spanId = id(log.getSpanId(), SPAN_ID_BYTES);
                    if (traceId == null || spanId == null) {
                        String where = where(r, s, l);
                        if (traceId == null) {
                            rejections.add("traceId must be 16 bytes or empty", where + " had " + log.getTraceId().size() + " bytes");
                        } else {
                            rejections.add("spanId must be 8 bytes or empty", where + " had " + log.getSpanId().size() + " bytes");
                        }
                        continue;
                    }
                    Instant timestamp = timestamp(log.getTimeUnixNano(), log.getObservedTimeUnixNano(), now);
                    String outOfRange = bounds.problem(timestamp, now);
                    if (outOfRange != null) {
                        rejections.add(RejectReason.TIMESTAMP_OUT_OF_RANGE, outOfRange, where(r, s, l) + " at " + timestamp);
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
                            timestamp,
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
                            resource,
                            emptyToNull(log.getSeverityText()),
                            scopeName,
                            scopeVersion,
                            scopeAttributes,
                            log.getTimeUnixNano(),
                            log.getObservedTimeUnixNano()));
                }
            }
        }
        return new Decoded<LogRecord>(records, rejections);
    }

    private static String where(int resource, int scope, int record) {
        return "resourceLogs[" + resource + "].scopeLogs[" + scope + "].logRecords[" + record + "]";
    }

    /** The first of the given time fields that is set (OTLP uses 0 for "unknown"), else now. */
    private static Instant timestamp(long unixNanos, long fallbackUnixNanos, Instant now) {
        long nanos = unixNanos != 0 ? unixNanos : fallbackUnixNanos;
        if (nanos == 0) {
            return now;
        }
        // fixed64: read as unsigned, so no sender value turns into a date before 1970.
        return UnixNanos.toInstant(nanos);
    }

    private static Level level(int severityNumber, String severityText) {
        Level level = Level.fromSeverityNumber(severityNumber);
        return level != Level.UNSPECIFIED ? level : Level.fromText(severityText).orElse(Level.UNSPECIFIED);
    }
}
