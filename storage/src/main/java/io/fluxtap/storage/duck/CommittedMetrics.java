package io.fluxtap.storage.duck;

import io.fluxtap.api.MetricSample;

import java.util.List;

/**
 * Told of the metric samples of every batch a writer has committed, and only after its COMMIT succeeded, so a rolled
 * back batch never reaches it. The PromQL head block ({@code prometheus.head}) listens here. Called on the lane's
 * consumer thread: it must be quick and must not throw (the batch is stored already).
 */
public interface CommittedMetrics {

    CommittedMetrics NONE = (samples, seriesIds) -> { };

    /**
     * @param samples   the batch's samples, in batch order
     * @param seriesIds their {@code series_id}s (the UBIGINT's 64 bits in a long, see {@link SeriesIds}), index by index
     */
    void committed(List<MetricSample> samples, long[] seriesIds);
}
