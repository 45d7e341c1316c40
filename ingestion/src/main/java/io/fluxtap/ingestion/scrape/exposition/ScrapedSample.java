package io.fluxtap.ingestion.scrape.exposition;

import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import java.util.Objects;

/**
 * One sample line of a scraped page, exactly as the page gave it: before target labels, {@code honor_labels} and
 * metric relabelling are applied.
 *
 * @param labels          the series' labels including {@code __name__}, in the order {@link Labels} keeps them
 * @param value           the sample value (NaN, +Inf and -Inf as written)
 * @param timestampMillis the page's own timestamp in milliseconds, or null when the line has none
 * @param exemplar        the OpenMetrics exemplar of the line, or null
 */
public record ScrapedSample(Labels labels, double value, Long timestampMillis, MetricSample.Exemplar exemplar) {

    public ScrapedSample {
        Objects.requireNonNull(labels, "labels");
    }

    public String metricName() {
        return labels.get("__name__");
    }
}
