package io.fluxtap.storage.testing;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.Exemplar;
import io.fluxtap.api.MetricSample.MetricType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Metric samples for storage tests. */
public final class Metrics {

    public static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

    private Metrics() {
    }

    /** A gauge sample {@code secondsAfterBase} after {@link #BASE}, from service checkout. */
    public static MetricSample sample(String name, Map<String, String> labels, double value, int secondsAfterBase) {
        return sample(name, labels, value, MetricType.GAUGE, secondsAfterBase, List.of());
    }

    public static MetricSample sample(String name, Map<String, String> labels, double value, MetricType type,
                                      int secondsAfterBase, List<Exemplar> exemplars) {
        return new MetricSample(BASE.plusSeconds(secondsAfterBase), name, labels, value, type, "s", "help of " + name,
                null, "host-1", "checkout", "io.fluxtap.test", exemplars);
    }
}
