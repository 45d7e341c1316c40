package io.fluxtap.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span as Fluxtap stores it: every field of the OTLP span, with its resource and scope, plus the
 * correlation columns every signal shares.
 *
 * @param traceId                32 lowercase hex characters
 * @param spanId                 16 lowercase hex characters
 * @param parentSpanId           16 lowercase hex characters, or null for a root span
 * @param traceState             W3C tracestate, or null
 * @param flags                  OTLP span flags (W3C trace flags in the low byte)
 * @param name                   the operation name
 * @param kind                   span kind
 * @param startTime              start of the span
 * @param endTime                end of the span
 * @param statusCode             status
 * @param statusMessage          status description, or null
 * @param fluxId                 business id (unsigned 64-bit in a long) from attribute flux.id, or null
 * @param machineId              host.id, else service.instance.id, else machine.id; or null
 * @param entityName             service.name; or null
 * @param gearId                 attribute gear.id, else the instrumentation scope name; or null
 * @param scopeName              instrumentation scope name, or null
 * @param scopeVersion           instrumentation scope version, or null
 * @param attributes             span attributes (values as {@link AttributeValues} describes)
 * @param resource               resource attributes
 * @param events                 span events, in order
 * @param links                  span links, in order
 * @param droppedAttributesCount attributes the sender dropped
 * @param droppedEventsCount     events the sender dropped
 * @param droppedLinksCount      links the sender dropped
 * @param scopeAttributes        attributes of the instrumentation scope
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        String traceState,
        int flags,
        String name,
        SpanKind kind,
        Instant startTime,
        Instant endTime,
        StatusCode statusCode,
        String statusMessage,
        Long fluxId,
        String machineId,
        String entityName,
        String gearId,
        String scopeName,
        String scopeVersion,
        Map<String, Object> attributes,
        Map<String, Object> resource,
        List<Event> events,
        List<Link> links,
        int droppedAttributesCount,
        int droppedEventsCount,
        int droppedLinksCount,
        Map<String, Object> scopeAttributes) implements IngestRecord {

    public enum SpanKind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    public enum StatusCode { UNSET, OK, ERROR }

    public record Event(Instant time, String name, Map<String, Object> attributes, int droppedAttributesCount) {
        public Event {
            Objects.requireNonNull(time, "time");
            attributes = AttributeValues.freeze(attributes);
        }
    }

    public record Link(String traceId, String spanId, String traceState, int flags, Map<String, Object> attributes,
                       int droppedAttributesCount) {
        public Link {
            Objects.requireNonNull(traceId, "traceId");
            Objects.requireNonNull(spanId, "spanId");
            attributes = AttributeValues.freeze(attributes);
        }
    }

    public SpanRecord {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(statusCode, "statusCode");
        attributes = AttributeValues.freeze(attributes);
        resource = AttributeValues.freeze(resource);
        events = List.copyOf(events);
        links = List.copyOf(links);
        scopeAttributes = AttributeValues.freeze(scopeAttributes);
    }

    /** A span whose instrumentation scope has no attributes. */
    public SpanRecord(String traceId, String spanId, String parentSpanId, String traceState, int flags, String name,
                      SpanKind kind, Instant startTime, Instant endTime, StatusCode statusCode, String statusMessage,
                      Long fluxId, String machineId, String entityName, String gearId, String scopeName,
                      String scopeVersion, Map<String, Object> attributes, Map<String, Object> resource,
                      List<Event> events, List<Link> links, int droppedAttributesCount, int droppedEventsCount,
                      int droppedLinksCount) {
        this(traceId, spanId, parentSpanId, traceState, flags, name, kind, startTime, endTime, statusCode,
                statusMessage, fluxId, machineId, entityName, gearId, scopeName, scopeVersion, attributes, resource,
                events, links, droppedAttributesCount, droppedEventsCount, droppedLinksCount, Map.of());
    }

    @Override
    public Signal signal() {
        return Signal.TRACES;
    }

    @Override
    public Instant timestamp() {
        return startTime;
    }

    /** Spans carry no severity; the shared {@code level} column says whether the span failed. */
    public Level level() {
        return statusCode == StatusCode.ERROR ? Level.ERROR : Level.INFO;
    }
}
