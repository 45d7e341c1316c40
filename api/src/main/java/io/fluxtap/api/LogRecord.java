package io.fluxtap.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One log record as Fluxtap stores it, with the correlation columns every signal shares.
 *
 * @param timestamp         when the event happened (the OTel time, else the observed time)
 * @param observedTimestamp when a collector or Fluxtap first saw it
 * @param traceId           32 lowercase hex characters, or null
 * @param spanId            16 lowercase hex characters, or null
 * @param fluxId            the business id (an unsigned 64-bit value held in a long), or null
 * @param machineId         host.id, else service.instance.id, else machine.id; or null
 * @param entityName        service.name; or null
 * @param gearId            attribute gear.id, else the instrumentation scope name; or null
 * @param level             the severity level
 * @param severityNumber    the OTel severity number as sent (0 when unspecified)
 * @param body              the body rendered as text (structured bodies as JSON)
 * @param attributes        record attributes, values as {@link AttributeValues} describes
 * @param resource          resource attributes, values as {@link AttributeValues} describes
 * @param severityText      the severity text as sent (OTLP {@code severity_text}), or null
 * @param scopeName         the instrumentation scope's name, or null
 * @param scopeVersion      the instrumentation scope's version, or null
 * @param scopeAttributes   the instrumentation scope's attributes
 * @param timeUnixNano      OTLP {@code time_unix_nano} exactly as sent: unsigned nanoseconds, 0 when the sender
 *                          left it unset (then {@code timestamp} is the observed time, or the time of arrival)
 * @param observedTimeUnixNano OTLP {@code observed_time_unix_nano} exactly as sent, 0 when unset
 */
public record LogRecord(
        Instant timestamp,
        Instant observedTimestamp,
        String traceId,
        String spanId,
        Long fluxId,
        String machineId,
        String entityName,
        String gearId,
        Level level,
        int severityNumber,
        String body,
        Map<String, Object> attributes,
        Map<String, Object> resource,
        String severityText,
        String scopeName,
        String scopeVersion,
        Map<String, Object> scopeAttributes,
        long timeUnixNano,
        long observedTimeUnixNano) implements IngestRecord {

    public LogRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(observedTimestamp, "observedTimestamp");
        Objects.requireNonNull(level, "level");
        body = body == null ? "" : body;
        attributes = AttributeValues.freeze(attributes);
        resource = AttributeValues.freeze(resource);
        scopeAttributes = AttributeValues.freeze(scopeAttributes);
    }

    /**
     * A record that did not come from OTLP (or whose OTLP-only fields are unknown): no severity text, no scope,
     * and the two OTLP times taken from the instants (0 where an instant has no unsigned 64-bit nanosecond count).
     */
    public LogRecord(Instant timestamp, Instant observedTimestamp, String traceId, String spanId, Long fluxId,
                     String machineId, String entityName, String gearId, Level level, int severityNumber,
                     String body, Map<String, Object> attributes, Map<String, Object> resource) {
        this(timestamp, observedTimestamp, traceId, spanId, fluxId, machineId, entityName, gearId, level,
                severityNumber, body, attributes, resource, null, null, null, Map.of(), UnixNanos.of(timestamp),
                UnixNanos.of(observedTimestamp));
    }

    /** The same record with other record attributes (the sanitize stage's cut). */
    public LogRecord withAttributes(Map<String, Object> newAttributes) {
        return new LogRecord(timestamp, observedTimestamp, traceId, spanId, fluxId, machineId, entityName, gearId,
                level, severityNumber, body, newAttributes, resource, severityText, scopeName, scopeVersion,
                scopeAttributes, timeUnixNano, observedTimeUnixNano);
    }


    @Override
    public Signal signal() {
        return Signal.LOGS;
    }
}
