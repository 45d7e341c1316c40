package io.fluxtap.alerting.dispatch;

import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.util.Comparator;
import java.util.TreeSet;

/** The orders Alertmanager sorts alerts and label sets in, so notifications and the API list alike. */
public final class AlertOrder {

    private AlertOrder() {
    }

    /** Alertmanager's {@code model.LabelSet.Before}: fewer labels first, then by name and value in name order. */
    public static final Comparator<Labels> LABELS = AlertOrder::compareLabels;

    /** Alertmanager's {@code types.AlertSlice}: by {@code job}, then {@code instance} (having one first), then labels. */
    public static final Comparator<Alert> ALERTS = (a, b) -> {
        for (String key : new String[]{"job", "instance"}) {
            String x = a.labels().get(key);
            String y = b.labels().get(key);
            if (x == null && y == null) {
                continue;
            }
            if (x == null) {
                return 1;
            }
            if (y == null) {
                return -1;
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return compareLabels(a.labels(), b.labels());
    };

    private static int compareLabels(Labels a, Labels b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        TreeSet<String> names = new TreeSet<>(a.asMap().keySet());
        names.addAll(b.asMap().keySet());
        for (String name : names) {
            String x = a.get(name);
            String y = b.get(name);
            if (x == null) {
                return -1;
            }
            if (y == null) {
                return 1;
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
