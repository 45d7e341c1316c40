package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.template.GoJson;
import io.fluxtap.alerting.template.JsonValues;
import io.fluxtap.alerting.template.KV;
import io.fluxtap.alerting.template.NotificationAlert;
import io.fluxtap.alerting.template.NotificationData;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Notifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's {@code notify.GetTemplateData} over the template package's data model, and that model as the JSON
 * Alertmanager's {@code template.Data} marshals to (the webhook payload's body), through {@link JsonValues}.
 */
public final class NotifyData {

    private NotifyData() {
    }

    /** The template data of a notification: alerts' status at {@code context.now()}. */
    public static NotificationData of(Notifier.Context context, List<Alert> alerts, String externalUrl) {
        List<NotificationAlert> list = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            list.add(NotificationAlert.of(alert, context.now()));
        }
        return NotificationData.of(context.receiver(), KV.of(context.groupLabels()), list, externalUrl);
    }

    /** {@code template.Data}'s fields in its JSON order (a struct: a LinkedHashMap for {@link GoJson}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(NotificationData data) {
        return new LinkedHashMap<>((Map<String, Object>) JsonValues.of(data));
    }
}
