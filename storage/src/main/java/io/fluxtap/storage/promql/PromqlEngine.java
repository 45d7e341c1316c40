package io.fluxtap.storage.promql;

import io.fluxtap.storage.promql.series.SeriesSource;

/**
 * Parses and evaluates PromQL the way Prometheus does, reading samples from a {@link SeriesSource}.
 * Safe for concurrent queries.
 */
public interface PromqlEngine {

    /** An instant query at {@code timeMs}. */
    Evaluation instant(String query, long timeMs);

    /** A range query: the expression at every step from {@code startMs} to {@code endMs} inclusive. */
    Evaluation range(String query, long startMs, long endMs, long stepMs);
}
