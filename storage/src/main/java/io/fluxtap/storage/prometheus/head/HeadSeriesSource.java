package io.fluxtap.storage.prometheus.head;

import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;

import java.util.List;

/**
 * The server's PromQL series: from the head block when the whole select lies in the time it covers, else all of it
 * from the store behind (DuckDB), so a range reaching back past the head is never answered half.
 */
public final class HeadSeriesSource implements SeriesSource {

    private final HeadBlock head;
    private final SeriesSource store;
    private final long maxSamples;

    /** @param maxSamples most samples one select may load, as the store's own bound */
    public HeadSeriesSource(HeadBlock head, SeriesSource store, long maxSamples) {
        this.head = head;
        this.store = store;
        this.maxSamples = maxSamples;
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        if (maxTimeMs < minTimeMs) {
            return List.of();
        }
        if (minTimeMs >= head.coveredFromMs()) {
            return head.select(matchers, minTimeMs, maxTimeMs, maxSamples);
        }
        return store.select(matchers, minTimeMs, maxTimeMs);
    }
}
