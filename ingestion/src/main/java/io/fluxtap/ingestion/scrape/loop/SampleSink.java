package io.fluxtap.ingestion.scrape.loop;

import io.fluxtap.api.MetricSample;
import java.util.List;

/** Where a scrape's samples go: lane P2 in the server, a list in tests. */
@FunctionalInterface
public interface SampleSink {

    void append(List<MetricSample> samples);
}
