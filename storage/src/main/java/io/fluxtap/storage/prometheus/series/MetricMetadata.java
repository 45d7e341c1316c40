package io.fluxtap.storage.prometheus.series;

/** One distinct description of a metric family, as {@code /api/v1/metadata} lists it ("" when not known). */
public record MetricMetadata(String type, String help, String unit) {
}
