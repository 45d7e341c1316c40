package io.fluxtap.alerting.rules;

import java.util.regex.Pattern;

/**
 * Prometheus' name validation schemes ({@code model.ValidationScheme}) for rule label, annotation and record names.
 * {@link #UTF8} is Prometheus' default since 3.0: any non-empty name. {@link #LEGACY} is the classic
 * {@code [a-zA-Z_][a-zA-Z0-9_]*} (metric names may also hold {@code :}).
 */
public enum NameValidation {
    UTF8, LEGACY;

    private static final Pattern LEGACY_LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern LEGACY_METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public boolean isValidLabelName(String name) {
        return this == UTF8 ? !name.isEmpty() : LEGACY_LABEL.matcher(name).matches();
    }

    public boolean isValidMetricName(String name) {
        return this == UTF8 ? !name.isEmpty() : LEGACY_METRIC.matcher(name).matches();
    }
}
