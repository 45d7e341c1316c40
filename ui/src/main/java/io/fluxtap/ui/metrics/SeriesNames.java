package io.fluxtap.ui.metrics;

import io.fluxtap.api.Labels;

import java.util.Locale;
import java.util.StringJoiner;

/** How a result series is named in the legend and the table: Prometheus' own {@code name{label="value", ...}}. */
final class SeriesNames {

    private SeriesNames() {
    }

    static String of(Labels labels) {
        String name = labels.get("__name__");
        StringJoiner pairs = new StringJoiner(", ", "{", "}");
        for (Labels.Label label : labels) {
            if (!"__name__".equals(label.name())) {
                pairs.add(label.name() + "=\"" + label.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        String body = pairs.length() == 2 ? "" : pairs.toString();
        return (name == null ? "" : name) + (body.isEmpty() && name == null ? "{}" : body);
    }

    /** As Prometheus prints a sample value: NaN and infinities by name, otherwise the shortest exact text. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v);
    }
}
