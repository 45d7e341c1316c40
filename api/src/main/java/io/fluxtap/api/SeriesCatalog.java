package io.fluxtap.api;

import java.util.List;

/**
 * What metrics are stored, for completing PromQL as it is typed: the lookups behind Prometheus'
 * {@code /api/v1/label/__name__/values}, {@code /labels?match[]=...} and {@code /label/<name>/values?match[]=...},
 * over the whole series catalogue (every series ever stored and not yet retired, not only those with a sample in a
 * time range: completion should offer a metric the chosen range happens to miss). Storage implements it over the
 * same catalogue queries as its HTTP API (CDI: inject {@code SeriesCatalog}).
 *
 * <pre>{@code
 * catalog.metricNames();                                 // [http_requests_total, up]
 * catalog.labelNames("http_requests_total");             // [code, job] (no __name__)
 * catalog.labelValues("http_requests_total", "code");    // [200, 500]
 * }</pre>
 *
 * Every list is sorted and holds no empty string. Safe for concurrent use.
 */
public interface SeriesCatalog {

    /** Every stored metric name. @throws QueryException when the catalogue cannot be read */
    List<String> metricNames();

    /**
     * The label names of the metric's series, without {@code __name__}; empty for an unknown metric.
     *
     * @throws QueryException when the catalogue cannot be read
     */
    List<String> labelNames(String metric);

    /**
     * The values one label takes over the metric's series; empty for an unknown metric or label.
     *
     * @throws QueryException when the catalogue cannot be read
     */
    List<String> labelValues(String metric, String label);
}
