package io.fluxtap.storage.alerting;

import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.series.CompiledMatchers;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.List;
import java.util.Map;

/**
 * The {@code labels} parameter of {@code GET /api/v1/alerts/history}: label matchers in PromQL's selector syntax
 * ({@code {severity="critical",team=~"db|infra"}}, the same four operators as Alertmanager's matchers, regexes
 * anchored), all of which must match an alert's labels. A label the alert lacks matches as the empty string.
 */
final class LabelFilter {

    static final LabelFilter ALL = new LabelFilter(CompiledMatchers.of(List.of()));

    private final CompiledMatchers matchers;

    private LabelFilter(CompiledMatchers matchers) {
        this.matchers = matchers;
    }

    /** @throws IllegalArgumentException saying what is wrong with the text */
    static LabelFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        List<LabelMatcher> matchers;
        try {
            matchers = Parser.parseSeriesSelector(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("labels: " + e.getMessage()
                    + " (write matchers as {name=\"value\", other=~\"regex\"})");
        }
        return new LabelFilter(CompiledMatchers.of(matchers));
    }

    boolean isAll() {
        return matchers.matchers().isEmpty();
    }

    boolean matches(Map<String, String> labels) {
        return matchers.matches(labels);
    }
}
