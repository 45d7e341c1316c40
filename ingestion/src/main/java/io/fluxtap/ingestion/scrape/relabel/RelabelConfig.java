package io.fluxtap.ingestion.scrape.relabel;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a {@code relabel_configs} or {@code metric_relabel_configs} list, with Prometheus' defaults filled
 * in (separator {@code ;}, regex {@code (.*)} fully anchored, replacement {@code $1}, action {@code replace}).
 * {@link RelabelConfigs#parse} builds them validated.
 *
 * @param regex   the pattern, anchored as Prometheus anchors it ({@code ^(?s:regex)$})
 * @param modulus {@code modulus}, an unsigned 64-bit number (Go's {@code uint64}), 0 when not set
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        GoRegexp regex,
        long modulus,
        String targetLabel,
        String replacement,
        RelabelAction action) {

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(targetLabel, "targetLabel");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(action, "action");
    }
}
