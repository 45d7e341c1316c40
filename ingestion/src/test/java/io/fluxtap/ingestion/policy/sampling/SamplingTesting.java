package io.fluxtap.ingestion.policy.sampling;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** The metrics registry the sampling tests count in, and reading a counter from it. */
final class SamplingTesting {

    private SamplingTesting() {
    }

    static MetricRegistry registry() {
        return io.helidon.microprofile.metrics.RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    }

    static SamplingMetrics metrics() {
        return new SamplingMetrics(registry());
    }

    static long count(String name, String... tagPairs) {
        Tag[] tags = new Tag[tagPairs.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(tagPairs[2 * i], tagPairs[2 * i + 1]);
        }
        return registry().counter(name, tags).getCount();
    }
}
