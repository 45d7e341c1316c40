package io.fluxtap.alerting.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Template values as Go's {@code json.Marshal} sees them, ready for {@link GoJson}: Alertmanager's
 * {@code template.Data} and {@code template.Alert} as their structs' JSON (fields in declaration order),
 * {@link KV} and maps with sorted keys, {@link GoTime} as RFC 3339 with nanoseconds, {@link GoDuration} as its
 * nanoseconds. Used by the {@code toJson} template function and by the webhook payload.
 */
public final class JsonValues {

    /** Go's {@code time.RFC3339Nano}, the layout {@code time.Time} marshals to. */
    public static final String RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

    private JsonValues() {
    }

    /** Alertmanager's {@code toJson}: {@code json.Marshal} of the value, no trailing newline. */
    public static String toJson(Object value) {
        String text = GoJson.encode(of(value));
        return text.substring(0, text.length() - 1);
    }

    public static Object of(Object value) {
        return switch (value) {
            case null -> null;
            case NotificationData data -> data(data);
            case NotificationAlert alert -> alert(alert);
            case KV kv -> GoJson.goMap(kv);
            case GoTime time -> time.format(RFC3339_NANO);
            case GoDuration duration -> duration.nanos();
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
                yield GoJson.goMap(out);
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(item -> out.add(of(item)));
                yield out;
            }
            default -> value;
        };
    }

    private static Map<String, Object> data(NotificationData data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receiver", data.receiver());
        out.put("status", data.status());
        out.put("alerts", of(data.alerts()));
        out.put("groupLabels", of(data.groupLabels()));
        out.put("commonLabels", of(data.commonLabels()));
        out.put("commonAnnotations", of(data.commonAnnotations()));
        out.put("externalURL", data.externalURL());
        return out;
    }

    private static Map<String, Object> alert(NotificationAlert alert) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("status", alert.status());
        a.put("labels", of(alert.labels()));
        a.put("annotations", of(alert.annotations()));
        a.put("startsAt", of(alert.startsAt()));
        a.put("endsAt", of(alert.endsAt()));
        a.put("generatorURL", alert.generatorURL());
        a.put("fingerprint", alert.fingerprint());
        return a;
    }
}
