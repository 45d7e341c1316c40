package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.config.Receiver;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Shared test data: a config receiver parsed from YAML, two alerts of one group, a flush context. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-22T10:10:00Z");
    public static final String GROUP_KEY = "{}:{alertname=\"HighLatency\"}";
    public static final String EXTERNAL_URL = "http://fluxtap.example:9093";

    /** Firing, no end, a nanosecond start and a generator URL with characters Go escapes. */
    public static final Alert FIRING = new Alert(
            Labels.of("alertname", "HighLatency", "job", "api", "instance", "a:9090"),
            Labels.of("summary", "p99 above 2s"), Instant.parse("2026-11-22T10:00:00.123456789Z"), null,
            "http://prom/graph?g0.expr=x&y<1");
    /** Resolved at 10:05:00.5, before {@link #NOW}. */
    public static final Alert RESOLVED = new Alert(
            Labels.of("alertname", "HighLatency", "job", "api", "instance", "b:9090"),
            Labels.of("summary", "p99 above 2s"), Instant.parse("2026-11-22T10:00:00Z"),
            Instant.parse("2026-11-22T10:05:00.5Z"), "");

    private Fixtures() {
    }

    public static Notifier.Context context(String receiver) {
        return new Notifier.Context(receiver, GROUP_KEY, Labels.of("alertname", "HighLatency"), NOW,
                NOW.plusSeconds(10));
    }

    /** The receiver {@code name} of an alertmanager.yml whose root route sends to it. */
    public static Receiver receiver(String name, String receiversYaml) {
        String yaml = "route:\n  receiver: " + name + "\nreceivers:\n" + receiversYaml;
        AlertmanagerConfig config = AlertmanagerConfig.parse(yaml, Path.of("."));
        return config.receivers().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    public static String fingerprint(Alert alert) {
        return String.format("%016x", alert.fingerprint());
    }

    public static List<Alert> both() {
        return List.of(FIRING, RESOLVED);
    }
}
