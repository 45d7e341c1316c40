package io.fluxtap.dist.monitoring.exposition;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Requests served by the REST API, by method, route template and status: {@code fluxtap_http_requests_total},
 * {@code fluxtap_http_request_duration_seconds} and {@code fluxtap_http_requests_in_flight}.
 */
public final class HttpRequestMetrics {

    /** Request latency buckets, from a millisecond to ten seconds. */
    static final double[] DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** The route label of a request no resource matched, so unknown paths cannot grow the label set. */
    public static final String UNMATCHED = "unmatched";

    private final Counter requests;
    private final Histogram duration;
    private final Gauge inFlight;

    HttpRequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("fluxtap_http_requests_total")
                .help("HTTP requests served by the REST API, by method, route template and status code")
                .labelNames("method", "path", "status").register(registry);
        duration = Histogram.builder().name("fluxtap_http_request_duration_seconds")
                .help("Time from receiving an HTTP request to its response, by method and route template")
                .unit(Unit.SECONDS).classicOnly().classicUpperBounds(DURATION_BUCKETS)
                .labelNames("method", "path").register(registry);
        inFlight = Gauge.builder().name("fluxtap_http_requests_in_flight")
                .help("HTTP requests being served by the REST API").register(registry);
    }

    void started() {
        inFlight.inc();
    }

    void finished(String method, String path, int status, long nanos) {
        inFlight.dec();
        requests.labelValues(method, path, Integer.toString(status)).inc();
        duration.labelValues(method, path).observe(nanos / 1e9);
    }
}
