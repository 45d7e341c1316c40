package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.template.GoTime;
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
 * Alertmanager's {@code template.Data} marshals to (the webhook payload's body, {@code toJson} of alerts).
 */
public final class NotifyData {

    /** Go's {@code time.RFC3339Nano}, the layout {@code time.Time} marshals to JSON with. */
    public static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

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
    public static Map<String, Object> json(NotificationData data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receiver", data.receiver());
        out.put("status", data.status());
        out.put("alerts", alertsJson(data.alerts()));
        out.put("groupLabels", GoJson.goMap(data.groupLabels()));
        out.put("commonLabels", GoJson.goMap(data.commonLabels()));
        out.put("commonAnnotations", GoJson.goMap(data.commonAnnotations()));
        out.put("externalURL", data.externalURL());
        return out;
    }

    public static List<Object> alertsJson(List<NotificationAlert> alerts) {
        List<Object> out = new ArrayList<>(alerts.size());
        for (NotificationAlert alert : alerts) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("status", alert.status());
            a.put("labels", GoJson.goMap(alert.labels()));
            a.put("annotations", GoJson.goMap(alert.annotations()));
            a.put("startsAt", time(alert.startsAt()));
            a.put("endsAt", time(alert.endsAt()));
            a.put("generatorURL", alert.generatorURL());
            a.put("fingerprint", alert.fingerprint());
            out.add(a);
        }
        return out;
    }

    /** A {@code time.Time} as JSON: RFC 3339 with as many fraction digits as needed ({@code 0001-01-01T00:00:00Z}). */
    public static String time(GoTime time) {
        return time.format(RFC3339_NANO);
    }
}
