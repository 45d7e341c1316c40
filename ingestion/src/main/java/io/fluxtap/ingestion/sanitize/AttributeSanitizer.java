package io.fluxtap.ingestion.sanitize;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies {@link AttributeLimits} to decoded records. A record within the limits is passed on as it is (no
 * copy); one over them is rebuilt with its first {@code maxAttributes} attributes and string values cut to
 * {@code maxValueLength} characters, and every cut is counted on {@code fluxtap_ingest_truncated_total}.
 * Spans also add the attributes they lost to their {@code dropped_attributes_count}, as OTLP defines it.
 */
@ApplicationScoped
public class AttributeSanitizer {

    static final String ATTRIBUTE_COUNT = "attribute_count";
    static final String VALUE_LENGTH = "value_length";

    private final AttributeLimits limits;
    private final IngestMetrics metrics;

    @Inject
    public AttributeSanitizer(
            @ConfigProperty(name = "fluxtap.ingest.max-attributes", defaultValue = "128") int maxAttributes,
            @ConfigProperty(name = "fluxtap.ingest.max-attribute-value-length", defaultValue = "8192") int maxValueLength,
            IngestMetrics metrics) {
        this(new AttributeLimits(maxAttributes, maxValueLength), metrics);
    }

    public AttributeSanitizer(AttributeLimits limits, IngestMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    public <T extends IngestRecord> List<T> apply(List<T> records) {
        List<T> out = null;
        for (int i = 0; i < records.size(); i++) {
            T record = records.get(i);
            Cuts cuts = new Cuts();
            T sanitized = sanitize(record, cuts);
            if (sanitized != record) {
                if (out == null) {
                    out = new ArrayList<>(records);
                }
                out.set(i, sanitized);
                cuts.report(record, metrics);
            }
        }
        return out == null ? records : out;
    }

    @SuppressWarnings("unchecked")
    private <T extends IngestRecord> T sanitize(T record, Cuts cuts) {
        return (T) switch (record) {
            case LogRecord log -> {
                Map<String, Object> attributes = attributes(log.attributes(), cuts);
                yield attributes == log.attributes() ? log : log.withAttributes(attributes);
            }
            case SpanRecord span -> sanitizeSpan(span, cuts);
            case MetricSample sample -> {
                Map<String, String> labels = labels(sample.labels(), cuts);
                yield labels == sample.labels() ? sample : new MetricSample(sample.timestamp(), sample.name(), labels,
                        sample.value(), sample.type(), sample.unit(), sample.help(), sample.fluxId(), sample.machineId(),
                        sample.entityName(), sample.gearId(), sample.exemplars());
            }
            // A message's fields are the wire spec's business; its request limits bound it.
            case BusinessMessage message -> message;
        };
    }

    private SpanRecord sanitizeSpan(SpanRecord span, Cuts cuts) {
        int droppedBefore = cuts.attributes;
        Map<String, Object> attributes = attributes(span.attributes(), cuts);
        int dropped = cuts.attributes - droppedBefore;
        List<SpanRecord.Event> events = span.events();
        List<SpanRecord.Event> newEvents = new ArrayList<>(events.size());
        boolean eventsChanged = false;
        for (SpanRecord.Event event : events) {
            int before = cuts.attributes;
            Map<String, Object> a = attributes(event.attributes(), cuts);
            eventsChanged |= a != event.attributes();
            newEvents.add(a == event.attributes() ? event
                    : new SpanRecord.Event(event.time(), event.name(), a, event.droppedAttributesCount() + cuts.attributes - before));
        }
        List<SpanRecord.Link> links = span.links();
        List<SpanRecord.Link> newLinks = new ArrayList<>(links.size());
        boolean linksChanged = false;
        for (SpanRecord.Link link : links) {
            int before = cuts.attributes;
            Map<String, Object> a = attributes(link.attributes(), cuts);
            linksChanged |= a != link.attributes();
            newLinks.add(a == link.attributes() ? link : new SpanRecord.Link(link.traceId(), link.spanId(),
                    link.traceState(), link.flags(), a, link.droppedAttributesCount() + cuts.attributes - before));
        }
        if (attributes == span.attributes() && !eventsChanged && !linksChanged) {
            return span;
        }
        return new SpanRecord(span.traceId(), span.spanId(), span.parentSpanId(), span.traceState(), span.flags(),
                span.name(), span.kind(), span.startTime(), span.endTime(), span.statusCode(), span.statusMessage(),
                span.fluxId(), span.machineId(), span.entityName(), span.gearId(), span.scopeName(), span.scopeVersion(),
                attributes, span.resource(), eventsChanged ? newEvents : events, linksChanged ? newLinks : links,
                span.droppedAttributesCount() + dropped, span.droppedEventsCount(), span.droppedLinksCount(),
                span.scopeAttributes());
    }

    /** The same map when nothing is over the limits, else a cut copy. */
    private Map<String, Object> attributes(Map<String, Object> attributes, Cuts cuts) {
        boolean over = attributes.size() > limits.maxAttributes();
        if (!over) {
            for (Object value : attributes.values()) {
                if (tooLong(value)) {
                    over = true;
                    break;
                }
            }
        }
        if (!over) {
            return attributes;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (kept.size() == limits.maxAttributes()) {
                cuts.attributes++;
                continue;
            }
            kept.put(entry.getKey(), cut(entry.getValue(), cuts));
        }
        return kept;
    }

    private Map<String, String> labels(Map<String, String> labels, Cuts cuts) {
        if (labels.values().stream().noneMatch(this::tooLong)) {
            return labels;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        labels.forEach((name, value) -> kept.put(name, (String) cut(value, cuts)));
        return kept;
    }

    private boolean tooLong(Object value) {
        return switch (value) {
            case String s -> s.length() > limits.maxValueLength();
            case List<?> list -> list.stream().anyMatch(v -> v != null && tooLong(v));
            case Map<?, ?> map -> map.values().stream().anyMatch(v -> v != null && tooLong(v));
            case null, default -> false;
        };
    }

    @SuppressWarnings("unchecked")
    private Object cut(Object value, Cuts cuts) {
        return switch (value) {
            case String s when s.length() > limits.maxValueLength() -> {
                cuts.values++;
                int end = limits.maxValueLength();
                // Never split a surrogate pair: the stored text must stay valid UTF-16 (and UTF-8 on disk).
                if (Character.isHighSurrogate(s.charAt(end - 1))) {
                    end--;
                }
                yield s.substring(0, end);
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(v == null ? null : cut(v, cuts)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) map).forEach((k, v) -> out.put(k, v == null ? null : cut(v, cuts)));
                yield out;
            }
            case null, default -> value;
        };
    }

    /** What one record lost. */
    private static final class Cuts {
        int attributes;
        int values;

        void report(IngestRecord record, IngestMetrics metrics) {
            if (attributes > 0) {
                metrics.truncated(record.signal(), ATTRIBUTE_COUNT, attributes);
            }
            if (values > 0) {
                metrics.truncated(record.signal(), VALUE_LENGTH, values);
            }
        }
    }
}
