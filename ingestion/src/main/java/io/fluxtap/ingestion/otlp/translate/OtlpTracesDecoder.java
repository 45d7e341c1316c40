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

import com.google.protobuf.ByteString;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.metrics.RejectReason;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maps an OTLP {@link ExportTraceServiceRequest} to Fluxtap {@link SpanRecord}s, keeping every span field and
 * lifting the correlation columns out of the attributes the way {@link OtlpLogsDecoder} does for logs.
 *
 * <p>A span is refused on its own (OTLP partial success, the others are kept) when:
 * <ul>
 *   <li>its traceId or spanId is missing or all zero: a span is identified by them, and a store keyed by
 *       trace could never return it;</li>
 *   <li>any id (its own, its parent's, a link's) has the wrong length: the sender is broken, and guessing
 *       which trace the span belongs to would be worse than refusing it;</li>
 *   <li>startTimeUnixNano is 0: the specification calls it required, and 1970 is no useful guess;</li>
 *   <li>endTimeUnixNano is before startTimeUnixNano (which covers a missing end): a negative duration
 *       would poison every latency query;</li>
 *   <li>the span lasts longer than a signed 64-bit nanosecond count (about 292 years): duration_ns could
 *       not hold it, and storing it would fail the whole batch it travels in;</li>
 *   <li>its start or end lies outside {@link TimestampBounds} (too far ahead of the server clock).</li>
 * </ul>
 * A missing or all-zero parentSpanId means a root span; a link's missing or all-zero id is kept as "" since
 * the specification lets links to invalid span contexts carry attributes and trace state.
 */
public final class OtlpTracesDecoder {

    private static final HexFormat HEX = HexFormat.of();

    private final TimestampBounds bounds;

    /** With the default bounds around the system clock. */
    OtlpTracesDecoder() {
        this(TimestampBounds.withDefaults(Clock.systemUTC()));
    }

    public OtlpTracesDecoder(TimestampBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    public Decoded<SpanRecord> decode(ExportTraceServiceRequest request) {
        Instant now = bounds.clock().instant();
        List<SpanRecord> spans = new ArrayList<>();
        Rejections rejections = new Rejections("");
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resourceSpans = request.getResourceSpans(r);
            Map<String, Object> resource = AnyValues.toMap(resourceSpans.getResource().getAttributesList());
            String machineId = firstText(resource, MACHINE_ID_KEYS);
            String entityName = AnyValues.text(resource.get(SERVICE_NAME));
            for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
                ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
                String scopeName = blankToNull(scopeSpans.getScope().getName());
                String scopeVersion = blankToNull(scopeSpans.getScope().getVersion());
                Map<String, Object> scopeAttributes = AnyValues.toMap(scopeSpans.getScope().getAttributesList());
                for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
                    Span span = scopeSpans.getSpans(i);
                    String where = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    if (!valid(span, where, rejections) || !inBounds(span, now, where, rejections)) {
                        continue;
                    }
                    Map<String, Object> attributes = AnyValues.toMap(span.getAttributesList());
                    Long fluxId = takeFluxId(attributes);
                    String gearAttribute = AnyValues.text(attributes.get(GEAR_ID));
                    spans.add(new SpanRecord(
                            hex(span.getTraceId()),
                            hex(span.getSpanId()),
                            emptyToNull(id(span.getParentSpanId(), SPAN_ID_BYTES)),
                            blankToNull(span.getTraceState()),
                            span.getFlags(),
                            span.getName(),
                            kind(span.getKind()),
                            OtlpFields.unsignedNanos(span.getStartTimeUnixNano()),
                            OtlpFields.unsignedNanos(span.getEndTimeUnixNano()),
                            statusCode(span.getStatus().getCode()),
                            blankToNull(span.getStatus().getMessage()),
                            fluxId,
                            machineId,
                            entityName,
                            gearAttribute != null ? gearAttribute : scopeName,
                            scopeName,
                            scopeVersion,
                            attributes,
                            resource,
                            events(span.getEventsList()),
                            links(span.getLinksList()),
                            span.getDroppedAttributesCount(),
                            span.getDroppedEventsCount(),
                            span.getDroppedLinksCount(),
                            scopeAttributes));
                }
            }
        }
        return new Decoded<>(spans, rejections);
    }

    /** Applies the rules of the class comment, recording the first one a span breaks. */
    private static boolean valid(Span span, String where, Rejections rejections) {
        String traceId = id(span.getTraceId(), TRACE_ID_BYTES);
        if (traceId == null) {
            return rejections.add("traceId must be 16 bytes", where + " had " + span.getTraceId().size() + " bytes");
        }
        if (traceId.isEmpty()) {
            return rejections.add("traceId is missing or all zero", where);
        }
        String spanId = id(span.getSpanId(), SPAN_ID_BYTES);
        if (spanId == null) {
            return rejections.add("spanId must be 8 bytes", where + " had " + span.getSpanId().size() + " bytes");
        }
        if (spanId.isEmpty()) {
            return rejections.add("spanId is missing or all zero", where);
        }
        if (id(span.getParentSpanId(), SPAN_ID_BYTES) == null) {
            return rejections.add("parentSpanId must be 8 bytes or empty",
                    where + " had " + span.getParentSpanId().size() + " bytes");
        }
        for (int k = 0; k < span.getLinksCount(); k++) {
            Span.Link link = span.getLinks(k);
            if (id(link.getTraceId(), TRACE_ID_BYTES) == null) {
                return rejections.add("a link's traceId must be 16 bytes or empty",
                        where + ".links[" + k + "] had " + link.getTraceId().size() + " bytes");
            }
            if (id(link.getSpanId(), SPAN_ID_BYTES) == null) {
                return rejections.add("a link's spanId must be 8 bytes or empty",
                        where + ".links[" + k + "] had " + link.getSpanId().size() + " bytes");
            }
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start == 0) {
            return rejections.add("startTimeUnixNano is missing", where);
        }
        // fixed64 fields: compared and subtracted as unsigned values.
        if (Long.compareUnsigned(end, start) < 0) {
            return rejections.add("endTimeUnixNano is before startTimeUnixNano", where + " started at "
                    + Long.toUnsignedString(start) + " and ended at " + Long.toUnsignedString(end));
        }
        if (end - start < 0) {
            return rejections.add("the span lasts longer than 2^63-1 nanoseconds", where);
        }
        return true;
    }

    private boolean inBounds(Span span, Instant now, String where, Rejections rejections) {
        return inBounds(span.getStartTimeUnixNano(), now, where, rejections)
                && inBounds(span.getEndTimeUnixNano(), now, where, rejections);
    }

    private boolean inBounds(long unixNanos, Instant now, String where, Rejections rejections) {
        Instant time = OtlpFields.unsignedNanos(unixNanos);
        String problem = bounds.problem(time, now);
        return problem == null || rejections.add(RejectReason.TIMESTAMP_OUT_OF_RANGE, problem, where + " at " + time);
    }

    private static List<SpanRecord.Event> events(List<Span.Event> events) {
        List<SpanRecord.Event> out = new ArrayList<>(events.size());
        for (Span.Event event : events) {
            out.add(new SpanRecord.Event(OtlpFields.unsignedNanos(event.getTimeUnixNano()), event.getName(),
                    AnyValues.toMap(event.getAttributesList()), event.getDroppedAttributesCount()));
        }
        return out;
    }

    private static List<SpanRecord.Link> links(List<Span.Link> links) {
        List<SpanRecord.Link> out = new ArrayList<>(links.size());
        for (Span.Link link : links) {
            out.add(new SpanRecord.Link(id(link.getTraceId(), TRACE_ID_BYTES), id(link.getSpanId(), SPAN_ID_BYTES),
                    blankToNull(link.getTraceState()), link.getFlags(), AnyValues.toMap(link.getAttributesList()),
                    link.getDroppedAttributesCount()));
        }
        return out;
    }

    private static SpanRecord.SpanKind kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> SpanRecord.SpanKind.INTERNAL;
            case SPAN_KIND_SERVER -> SpanRecord.SpanKind.SERVER;
            case SPAN_KIND_CLIENT -> SpanRecord.SpanKind.CLIENT;
            case SPAN_KIND_PRODUCER -> SpanRecord.SpanKind.PRODUCER;
            case SPAN_KIND_CONSUMER -> SpanRecord.SpanKind.CONSUMER;
            // A kind newer than this build knows is kept as "unspecified" rather than refusing the span.
            case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> SpanRecord.SpanKind.UNSPECIFIED;
        };
    }

    private static SpanRecord.StatusCode statusCode(Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> SpanRecord.StatusCode.OK;
            case STATUS_CODE_ERROR -> SpanRecord.StatusCode.ERROR;
            case STATUS_CODE_UNSET, UNRECOGNIZED -> SpanRecord.StatusCode.UNSET;
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
