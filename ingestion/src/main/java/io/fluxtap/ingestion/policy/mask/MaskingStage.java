package io.fluxtap.ingestion.policy.mask;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.Signal;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.wire.WireMask;
import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.ingestion.messages.WireSpecs;
import io.fluxtap.ingestion.policy.IngestPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The masking stage ({@link IngestPolicy#ORDER_MASKING}): card numbers and configured attributes are masked in
 * every record before any lane, so none reaches the write-ahead log, DuckDB or the warehouse. Logs: body,
 * attributes, resource and scope attributes. Spans: name, status message, attributes, resource and scope
 * attributes, events' names and attributes, links' attributes and trace states. Metrics: label names and values
 * (and exemplar labels), unit and help. Messages: see {@link MessageMasker}. Every other free-text column is
 * scanned too (service, component and machine names, which the decoders copy out of resource attributes, scope name
 * and version, severity text, trace state), since each is stored as sent; ids and enums are not text. A record with nothing to mask is handed on as the same instance, and a
 * list without any as the same list.
 */
@ApplicationScoped
public class MaskingStage implements IngestPolicy {

    private static final Logger LOG = System.getLogger(MaskingStage.class.getName());

    private final ValueMasker values;
    private final MessageMasker messages;
    private final MaskMetrics metrics;

    @Inject
    public MaskingStage(@ConfigProperty(name = MaskSettings.ENABLED, defaultValue = "true") boolean enabled,
                        @ConfigProperty(name = MaskSettings.PAN, defaultValue = "truncate") String pan,
                        @ConfigProperty(name = MaskSettings.TOKEN_KEY) Optional<String> tokenKey,
                        @ConfigProperty(name = MaskSettings.TOKEN_KEY_FILE) Optional<String> tokenKeyFile,
                        @ConfigProperty(name = MaskSettings.ATTRIBUTES) Optional<String> attributes,
                        @ConfigProperty(name = "fluxtap.home") Optional<String> home,
                        WireSpecs wires, MaskMetrics metrics) {
        this(MaskSettings.read(enabled, pan, tokenKey, tokenKeyFile, attributes,
                home.orElse(System.getProperty("fluxtap.home"))), wires.all(), metrics);
    }

    /**
     * @throws IllegalArgumentException when a wire masks with {@code token} and there is no key, naming the wire
     *                                  and the key
     */
    public MaskingStage(MaskSettings settings, Collection<WireSpec> wires, MaskMetrics metrics) {
        for (WireSpec wire : wires) {
            if (settings.key().isEmpty() && wire.maskedPointers().containsValue(WireMask.TOKEN)) {
                throw new IllegalArgumentException("wire " + wire.wireId() + " masks with token "
                        + wire.maskedPointers().entrySet().stream().filter(e -> e.getValue() == WireMask.TOKEN)
                        .map(Map.Entry::getKey).toList() + ": set " + MaskSettings.TOKEN_KEY + " or "
                        + MaskSettings.TOKEN_KEY_FILE + " (at least " + TokenKey.MIN_BYTES + " bytes)");
            }
        }
        Map<String, WireSpec> byId = wires.stream().collect(Collectors.toMap(WireSpec::wireId, w -> w, (a, b) -> a));
        Function<String, Optional<WireSpec>> find = id -> Optional.ofNullable(byId.get(id));
        this.values = new ValueMasker(settings, new Replacements(settings.enabled() ? settings.pan()
                : Replacements.PanMode.TRUNCATE, settings.key()));
        this.messages = new MessageMasker(values, find);
        this.metrics = metrics;
        if (settings.enabled()) {
            LOG.log(Level.INFO, "masking on: card numbers by {0}{1}", settings.pan().name().toLowerCase(java.util.Locale.ROOT),
                    settings.attributes().isEmpty() ? "" : "; attribute rules " + settings.attributes().entrySet()
                            .stream().map(e -> e.getKey() + "=" + e.getValue().label())
                            .collect(Collectors.joining(", ")));
        } else {
            LOG.log(Level.WARNING, MaskSettings.ENABLED + "=false: card numbers are not masked (only the wire specs' "
                    + "own mask entries apply)");
        }
    }

    /**
     * Text that is stored outside the ingest path (an override's reason) with its card numbers masked as a log
     * body's would be; itself when masking is off or there is none. Not counted on {@code fluxtap_masked_total},
     * whose signals are the ingested ones (the audit record quoting the text is counted when it is ingested).
     */
    public String maskText(String text) {
        return values.text(text, new MaskCounts());
    }

    @Override
    public int order() {
        return ORDER_MASKING;
    }

    @Override
    public List<LogRecord> onLogs(List<LogRecord> logs) {
        if (!values.enabled()) {
            return logs;
        }
        return each(Signal.LOGS, logs, this::maskLog);
    }

    @Override
    public List<SpanRecord> onSpans(List<SpanRecord> spans) {
        if (!values.enabled()) {
            return spans;
        }
        return each(Signal.TRACES, spans, this::maskSpan);
    }

    @Override
    public List<MetricSample> onMetrics(List<MetricSample> samples) {
        if (!values.enabled()) {
            return samples;
        }
        return each(Signal.METRICS, samples, this::maskSample);
    }

    @Override
    public List<BusinessMessage> onMessages(List<BusinessMessage> list) {
        return each(Signal.MESSAGES, list, messages::mask);
    }

    private interface Masker<T> {
        T mask(T record, MaskCounts counts);
    }

    private <T> List<T> each(Signal signal, List<T> records, Masker<T> masker) {
        MaskCounts counts = new MaskCounts();
        List<T> out = null;
        for (int i = 0; i < records.size(); i++) {
            T record = records.get(i);
            T masked = masker.mask(record, counts);
            if (masked != record && out == null) {
                out = new ArrayList<>(records.subList(0, i));
            }
            if (out != null) {
                out.add(masked);
            }
        }
        metrics.masked(signal, counts);
        return out == null ? records : out;
    }

    private LogRecord maskLog(LogRecord log, MaskCounts counts) {
        String body = values.text(log.body(), counts);
        Map<String, Object> attributes = values.attributes(log.attributes(), counts);
        Map<String, Object> resource = values.attributes(log.resource(), counts);
        Map<String, Object> scope = values.attributes(log.scopeAttributes(), counts);
        String machine = values.text(log.machineId(), counts);
        String entity = values.text(log.entityName(), counts);
        String gear = values.text(log.gearId(), counts);
        String severity = values.text(log.severityText(), counts);
        String scopeName = values.text(log.scopeName(), counts);
        String scopeVersion = values.text(log.scopeVersion(), counts);
        if (body == log.body() && attributes == log.attributes() && resource == log.resource()
                && scope == log.scopeAttributes() && machine == log.machineId() && entity == log.entityName()
                && gear == log.gearId() && severity == log.severityText() && scopeName == log.scopeName()
                && scopeVersion == log.scopeVersion()) {
            return log;
        }
        return new LogRecord(log.timestamp(), log.observedTimestamp(), log.traceId(), log.spanId(), log.fluxId(),
                machine, entity, gear, log.level(), log.severityNumber(), body, attributes, resource, severity,
                scopeName, scopeVersion, scope, log.timeUnixNano(), log.observedTimeUnixNano());
    }

    private SpanRecord maskSpan(SpanRecord span, MaskCounts counts) {
        String name = values.text(span.name(), counts);
        String status = values.text(span.statusMessage(), counts);
        Map<String, Object> attributes = values.attributes(span.attributes(), counts);
        Map<String, Object> resource = values.attributes(span.resource(), counts);
        Map<String, Object> scope = values.attributes(span.scopeAttributes(), counts);
        List<SpanRecord.Event> events = same(span.events(), event -> {
            String eventName = values.text(event.name(), counts);
            Map<String, Object> eventAttributes = values.attributes(event.attributes(), counts);
            return eventName == event.name() && eventAttributes == event.attributes() ? event
                    : new SpanRecord.Event(event.time(), eventName, eventAttributes, event.droppedAttributesCount());
        });
        List<SpanRecord.Link> links = same(span.links(), link -> {
            Map<String, Object> linkAttributes = values.attributes(link.attributes(), counts);
            String linkState = values.text(link.traceState(), counts);
            return linkAttributes == link.attributes() && linkState == link.traceState() ? link
                    : new SpanRecord.Link(link.traceId(), link.spanId(), linkState, link.flags(), linkAttributes,
                            link.droppedAttributesCount());
        });
        String state = values.text(span.traceState(), counts);
        String machine = values.text(span.machineId(), counts);
        String entity = values.text(span.entityName(), counts);
        String gear = values.text(span.gearId(), counts);
        String scopeName = values.text(span.scopeName(), counts);
        String scopeVersion = values.text(span.scopeVersion(), counts);
        if (name == span.name() && status == span.statusMessage() && attributes == span.attributes()
                && resource == span.resource() && scope == span.scopeAttributes() && events == span.events()
                && links == span.links() && state == span.traceState() && machine == span.machineId()
                && entity == span.entityName() && gear == span.gearId() && scopeName == span.scopeName()
                && scopeVersion == span.scopeVersion()) {
            return span;
        }
        return new SpanRecord(span.traceId(), span.spanId(), span.parentSpanId(), state, span.flags(),
                name, span.kind(), span.startTime(), span.endTime(), span.statusCode(), status, span.fluxId(),
                machine, entity, gear, scopeName, scopeVersion, attributes, resource, events, links,
                span.droppedAttributesCount(), span.droppedEventsCount(), span.droppedLinksCount(), scope);
    }

    private MetricSample maskSample(MetricSample sample, MaskCounts counts) {
        Map<String, String> labels = values.labels(sample.labels(), counts);
        List<MetricSample.Exemplar> exemplars = same(sample.exemplars(), exemplar -> {
            Map<String, String> exemplarLabels = values.labels(exemplar.labels(), counts);
            return exemplarLabels == exemplar.labels() ? exemplar : new MetricSample.Exemplar(exemplar.timestamp(),
                    exemplar.value(), exemplar.traceId(), exemplar.spanId(), exemplarLabels);
        });
        String unit = values.text(sample.unit(), counts);
        String help = values.text(sample.help(), counts);
        String machine = values.text(sample.machineId(), counts);
        String entity = values.text(sample.entityName(), counts);
        String gear = values.text(sample.gearId(), counts);
        if (labels == sample.labels() && exemplars == sample.exemplars() && unit == sample.unit()
                && help == sample.help() && machine == sample.machineId() && entity == sample.entityName()
                && gear == sample.gearId()) {
            return sample;
        }
        return new MetricSample(sample.timestamp(), sample.name(), labels, sample.value(), sample.type(),
                unit, help, sample.fluxId(), machine, entity, gear, exemplars);
    }

    /** The list itself when the function returns every element itself. */
    private static <T> List<T> same(List<T> list, UnaryOperator<T> function) {
        List<T> out = null;
        for (int i = 0; i < list.size(); i++) {
            T element = list.get(i);
            T mapped = function.apply(element);
            if (mapped != element && out == null) {
                out = new ArrayList<>(list.subList(0, i));
            }
            if (out != null) {
                out.add(mapped);
            }
        }
        return out == null ? list : out;
    }
}
