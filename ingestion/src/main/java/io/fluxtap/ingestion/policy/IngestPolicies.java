package io.fluxtap.ingestion.policy;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/** The policy stages in their order, applied by the lane router to every request before it picks lanes. */
@Dependent
public class IngestPolicies {

    public static final IngestPolicies NONE = new IngestPolicies(List.of());

    private final List<IngestPolicy> stages;

    @Inject
    public IngestPolicies(Instance<IngestPolicy> stages) {
        this(stages.stream().toList());
    }

    public IngestPolicies(List<? extends IngestPolicy> stages) {
        this.stages = stages.stream().sorted(Comparator.comparingInt(IngestPolicy::order))
                .map(IngestPolicy.class::cast).toList();
    }

    public void start(PolicyOutlet outlet) {
        stages.forEach(stage -> stage.start(outlet));
    }

    public void stop() {
        stages.forEach(IngestPolicy::stop);
    }

    public List<LogRecord> logs(List<LogRecord> logs) {
        return apply(logs, IngestPolicy::onLogs);
    }

    public List<SpanRecord> spans(List<SpanRecord> spans) {
        return apply(spans, IngestPolicy::onSpans);
    }

    public List<MetricSample> metrics(List<MetricSample> samples) {
        return apply(samples, IngestPolicy::onMetrics);
    }

    public List<BusinessMessage> messages(List<BusinessMessage> messages) {
        return apply(messages, IngestPolicy::onMessages);
    }

    private <T> List<T> apply(List<T> records, BiFunction<IngestPolicy, List<T>, List<T>> stage) {
        List<T> kept = records;
        for (IngestPolicy policy : stages) {
            if (kept.isEmpty()) {
                break;
            }
            kept = stage.apply(policy, kept);
        }
        return kept;
    }
}
