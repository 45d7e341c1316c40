package io.fluxtap.ingestion.scrape.relabel;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of a {@code relabel_configs} or {@code metric_relabel_configs} list, with Prometheus' defaults filled
 * in (separator {@code ;}, regex {@code (.*)} fully anchored, replacement {@code $1}, action {@code replace}).
 *
 * @param regex the anchored pattern, as Prometheus anchors it ({@code ^(?:regex)$})
 */
public record RelabelConfig(
        List<String> sourceLabels,
        String separator,
        Pattern regex,
        long modulus,
        String targetLabel,
        String replacement,
        RelabelAction action) {

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(action, "action");
    }
}
