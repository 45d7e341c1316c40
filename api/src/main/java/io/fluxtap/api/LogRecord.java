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
        Map<String, Object> resource) implements IngestRecord {

    public LogRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(observedTimestamp, "observedTimestamp");
        Objects.requireNonNull(level, "level");
        body = body == null ? "" : body;
        attributes = AttributeValues.freeze(attributes);
        resource = AttributeValues.freeze(resource);
    }

    @Override
    public Signal signal() {
        return Signal.LOGS;
    }
}
