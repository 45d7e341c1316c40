package io.fluxtap.alerting.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What notification templates see as dot: Alertmanager's {@code template.Data} ({@code .Receiver},
 * {@code .Status}, {@code .Alerts}, {@code .GroupLabels}, {@code .CommonLabels}, {@code .CommonAnnotations},
 * {@code .ExternalURL}). Build it with {@link #of}, which derives status and the common labels and annotations
 * as Alertmanager does.
 */
public record NotificationData(String receiver, String status, NotificationAlert.Alerts alerts, KV groupLabels,
                               KV commonLabels, KV commonAnnotations, String externalURL)
        implements TemplateObject, GoFmt.GoTyped {

    public NotificationData {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(alerts, "alerts");
        groupLabels = groupLabels == null ? KV.EMPTY : groupLabels;
        commonLabels = commonLabels == null ? KV.EMPTY : commonLabels;
        commonAnnotations = commonAnnotations == null ? KV.EMPTY : commonAnnotations;
        externalURL = externalURL == null ? "" : externalURL;
    }

    /**
     * Alertmanager's {@code Template.Data}: the status is {@code firing} when any alert fires, else
     * {@code resolved}; common labels and annotations are those all alerts share with the same value; the
     * receiver's name is regexp-quoted ({@code regexp.QuoteMeta}), as Alertmanager passes it to templates.
     */
    public static NotificationData of(String receiver, KV groupLabels, List<NotificationAlert> alerts,
                                      String externalUrl) {
        NotificationAlert.Alerts all = new NotificationAlert.Alerts(alerts);
        String status = all.firing().isEmpty() ? "resolved" : "firing";
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        if (!alerts.isEmpty()) {
            labels.putAll(alerts.getFirst().labels());
            annotations.putAll(alerts.getFirst().annotations());
            for (NotificationAlert a : alerts.subList(1, alerts.size())) {
                labels.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
                annotations.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
            }
        }
        return new NotificationData(quoteMeta(receiver), status, all, groupLabels, new KV(labels),
                new KV(annotations), externalUrl);
    }

    /** Go's regexp.QuoteMeta. */
    static String quoteMeta(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public String goType() {
        return "*template.Data";
    }

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Receiver" -> receiver;
            case "Status" -> status;
            case "Alerts" -> alerts;
            case "GroupLabels" -> groupLabels;
            case "CommonLabels" -> commonLabels;
            case "CommonAnnotations" -> commonAnnotations;
            case "ExternalURL" -> externalURL;
            default -> NO_FIELD;
        };
    }
}
