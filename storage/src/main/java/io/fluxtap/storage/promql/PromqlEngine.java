package io.fluxtap.storage.promql;

import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.SeriesSource;

import java.util.List;

/**
 * Parses and evaluates PromQL the way Prometheus does, reading samples from a {@link SeriesSource}.
 * Safe for concurrent queries.
 */
public interface PromqlEngine {

    /** An instant query at {@code timeMs}. */
    Evaluation instant(String query, long timeMs);

    /** A range query: the expression at every step from {@code startMs} to {@code endMs} inclusive. */
    Evaluation range(String query, long startMs, long endMs, long stepMs);

    /**
     * The matchers of a series selector such as {@code up{job="api"}} or {@code {__name__=~"http_.*"}}, as the
     * {@code match[]} parameter of the series, labels and label-values endpoints carries it.
     *
     * @throws PromqlException of type bad_data when the text is no series selector
     */
    List<LabelMatcher> parseSeriesSelector(String selector);
}
