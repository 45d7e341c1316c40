package io.fluxtap.storage.query;

import java.time.Instant;

/**
 * A search for metric samples: every non-null criterion must hold. Results come newest first.
 *
 * @param name  exact metric name as stored (e.g. {@code http_requests_total}, {@code latency_bucket}), or null for any
 * @param from  inclusive lower bound of the timestamp, or null
 * @param to    exclusive upper bound of the timestamp, or null
 * @param limit the most samples to return, 1 to {@link #MAX_LIMIT}
 */
public record MetricSampleSearch(String name, Instant from, Instant to, int limit) {

    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 10_000;

    public MetricSampleSearch {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /**
     * From the query parameters of {@code GET /api/v1/metrics/samples}; times as the logs API takes them.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong and why
     */
    static MetricSampleSearch fromQuery(String name, String from, String to, String limit) {
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number between 1 and " + MAX_LIMIT
                        + ", was '" + limit + "'");
            }
        }
        return new MetricSampleSearch(name == null || name.isEmpty() ? null : name,
                LogsRequest.parseTime("from", from), LogsRequest.parseTime("to", to), parsedLimit);
    }
}
