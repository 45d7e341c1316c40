package io.fluxtap.storage.alerting;

import com.google.re2j.Pattern;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.parse.Regexes;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code labels} parameter of {@code GET /api/v1/alerts/history}: label matchers in PromQL's selector syntax
 * ({@code {severity="critical",team=~"db|infra"}}, the same four operators as Alertmanager's matchers, regexes
 * anchored), all of which must match an alert's labels. A label the alert lacks matches as the empty string.
 */
final class LabelFilter {

    static final LabelFilter ALL = new LabelFilter(List.of(), List.of());

    private final List<LabelMatcher> matchers;
    private final List<Pattern> patterns;

    private LabelFilter(List<LabelMatcher> matchers, List<Pattern> patterns) {
        this.matchers = matchers;
        this.patterns = patterns;
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
        List<Pattern> patterns = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            boolean regex = m.type() == LabelMatcher.Type.REGEX || m.type() == LabelMatcher.Type.NOT_REGEX;
            patterns.add(regex ? Regexes.anchored(m.value()) : null);
        }
        return new LabelFilter(List.copyOf(matchers), patterns);
    }

    boolean isAll() {
        return matchers.isEmpty();
    }

    boolean matches(Map<String, String> labels) {
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            String value = labels.getOrDefault(m.name(), "");
            boolean ok = switch (m.type()) {
                case EQUAL -> value.equals(m.value());
                case NOT_EQUAL -> !value.equals(m.value());
                case REGEX -> patterns.get(i).matches(value);
                case NOT_REGEX -> !patterns.get(i).matches(value);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
