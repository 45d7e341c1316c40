package io.fluxtap.alerting.rules;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sample a rule writes: a recording rule's result, or an alerting rule's {@code ALERTS} and
 * {@code ALERTS_FOR_STATE}.
 *
 * @param labels with {@code __name__}
 */
public record OutputSample(Map<String, String> labels, Instant timestamp, double value) {

    public OutputSample {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public String name() {
        return labels.get(Rule.METRIC_NAME);
    }
}
