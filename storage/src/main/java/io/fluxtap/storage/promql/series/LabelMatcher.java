package io.fluxtap.storage.promql.series;

import java.util.Objects;

/**
 * One matcher of a PromQL selector ({@code job="api"}, {@code code=~"5.."}). The metric name is matched as the
 * label {@code __name__}. A regex matches the whole value (Prometheus anchors it); a label the series lacks
 * matches as the empty string.
 */
public record LabelMatcher(String name, Type type, String value) {

    public enum Type { EQUAL, NOT_EQUAL, REGEX, NOT_REGEX }

    public static final String METRIC_NAME = "__name__";

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
