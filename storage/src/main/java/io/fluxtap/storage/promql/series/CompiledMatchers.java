package io.fluxtap.storage.promql.series;

import com.google.re2j.Pattern;
import io.fluxtap.storage.promql.parse.Regexes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A selector's matchers with their regular expressions compiled once, so the in-memory stores (this package's
 * {@link MemorySeriesSource} and the server's head block) test each candidate series without compiling again.
 */
public final class CompiledMatchers {

    private final List<LabelMatcher> matchers;
    private final List<Pattern> patterns;

    private CompiledMatchers(List<LabelMatcher> matchers, List<Pattern> patterns) {
        this.matchers = matchers;
        this.patterns = patterns;
    }

    public static CompiledMatchers of(List<LabelMatcher> matchers) {
        List<Pattern> patterns = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            boolean regex = m.type() == LabelMatcher.Type.REGEX || m.type() == LabelMatcher.Type.NOT_REGEX;
            patterns.add(regex ? Regexes.anchored(m.value()) : null);
        }
        return new CompiledMatchers(List.copyOf(matchers), patterns);
    }

    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** Whether the labels (a missing label reads as the empty string) satisfy every matcher. */
    public boolean matches(Map<String, String> labels) {
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
