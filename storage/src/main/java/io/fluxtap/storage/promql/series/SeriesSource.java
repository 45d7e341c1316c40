package io.fluxtap.storage.promql.series;

import java.util.List;

/**
 * Where the PromQL engine reads samples from: the DuckDB hot window and Parquet warehouse in the server, an
 * in-memory store in the conformance runner. Matchers are pushed down to the source, so evaluation never loads
 * series a selector does not name.
 */
public interface SeriesSource {

    /**
     * Every series matching all {@code matchers}, with its samples whose time lies in
     * {@code [minTimeMs, maxTimeMs]} (both inclusive). Series without samples in the range may be left out.
     */
    List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs);
}
