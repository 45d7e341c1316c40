package io.fluxtap.ingestion.scrape.exposition;

import java.util.Objects;

/**
 * What a page's {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines say about one metric family, as
 * Prometheus' metadata API reports it.
 *
 * @param family the family name (for OpenMetrics counters without {@code _total})
 * @param type   Prometheus' metadata type name: {@code counter}, {@code gauge}, {@code histogram},
 *               {@code gaugehistogram}, {@code summary}, {@code info}, {@code stateset} or {@code unknown}
 * @param help   the help text unescaped, or "" when the page gave none
 * @param unit   the OpenMetrics unit, or "" when the page gave none
 */
public record MetricFamilyInfo(String family, String type, String help, String unit) {

    public MetricFamilyInfo {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(unit, "unit");
    }
}
