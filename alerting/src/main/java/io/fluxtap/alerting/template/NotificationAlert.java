package io.fluxtap.alerting.template;

import java.util.List;
import java.util.Objects;

/**
 * One alert in a notification: Alertmanager's {@code template.Alert}, reached in templates as {@code .Status},
 * {@code .Labels}, {@code .Annotations}, {@code .StartsAt}, {@code .EndsAt}, {@code .GeneratorURL},
 * {@code .Fingerprint}.
 *
 * @param status      {@code firing} or {@code resolved}
 * @param endsAt      {@link GoTime#ZERO} when unknown
 * @param fingerprint as Alertmanager prints it: {@code String.format("%016x", labels.fingerprint())}
 */
public record NotificationAlert(String status, KV labels, KV annotations, GoTime startsAt, GoTime endsAt,
                                String generatorURL, String fingerprint)
        implements TemplateObject, GoFmt.GoTyped {

    public NotificationAlert {
        Objects.requireNonNull(status, "status");
        labels = labels == null ? KV.EMPTY : labels;
        annotations = annotations == null ? KV.EMPTY : annotations;
        startsAt = startsAt == null ? GoTime.ZERO : startsAt;
        endsAt = endsAt == null ? GoTime.ZERO : endsAt;
        generatorURL = generatorURL == null ? "" : generatorURL;
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    /**
     * The template view of an alert at {@code now}, as Alertmanager's {@code Template.Data} builds it: the status
     * from the end time ({@code resolved} once {@code endsAt} is not after now), times in UTC, an unknown end as
     * Go's zero time, the fingerprint as 16 hex digits.
     */
    public static NotificationAlert of(io.fluxtap.api.Alert alert, java.time.Instant now) {
        return new NotificationAlert(alert.status(now).wireName(), KV.of(alert.labels()), KV.of(alert.annotations()),
                GoTime.utc(alert.startsAt()), alert.endsAt() == null ? GoTime.ZERO : GoTime.utc(alert.endsAt()),
                alert.generatorURL(), String.format("%016x", alert.fingerprint()));
    }

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Status" -> status;
            case "Labels" -> labels;
            case "Annotations" -> annotations;
            case "StartsAt" -> startsAt;
            case "EndsAt" -> endsAt;
            case "GeneratorURL" -> generatorURL;
            case "Fingerprint" -> fingerprint;
            default -> NO_FIELD;
        };
    }

    @Override
    public String goType() {
        return "template.Alert";
    }

    @Override
    public String toString() {
        return "{" + status + " " + GoFmt.value(labels) + " " + GoFmt.value(annotations) + " " + startsAt + " "
                + endsAt + " " + generatorURL + " " + fingerprint + "}";
    }

    /** Alertmanager's {@code template.Alerts}: the alerts of a notification, with {@code Firing} and {@code Resolved}. */
    public static final class Alerts extends java.util.AbstractList<NotificationAlert>
            implements TemplateObject, GoFmt.GoTyped {

        private final List<NotificationAlert> alerts;

        public Alerts(List<NotificationAlert> alerts) {
            this.alerts = List.copyOf(alerts);
        }

        @Override
        public NotificationAlert get(int index) {
            return alerts.get(index);
        }

        @Override
        public int size() {
            return alerts.size();
        }

        public Alerts firing() {
            return new Alerts(alerts.stream().filter(a -> a.status().equals("firing")).toList());
        }

        public Alerts resolved() {
            return new Alerts(alerts.stream().filter(a -> a.status().equals("resolved")).toList());
        }

        @Override
        public String goType() {
            return "template.Alerts";
        }

        @Override
        public Object field(String name, List<Object> args) {
            return switch (name) {
                case "Firing" -> firing();
                case "Resolved" -> resolved();
                default -> NO_FIELD;
            };
        }
    }
}
