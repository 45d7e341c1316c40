package io.fluxtap.alerting.template;

import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonValuesTest {

    @Test
    void toJsonMarshalsAlertsAsAlertmanagersTemplateAlert() {
        Instant now = Instant.parse("2026-11-22T10:10:00Z");
        Alert alert = new Alert(Labels.of("alertname", "A", "job", "api"), Labels.of("summary", "x<y"),
                Instant.parse("2026-11-22T10:00:00.5Z"), Instant.parse("2026-11-22T10:05:00Z"), "");
        NotificationData data = NotificationData.of("r", KV.EMPTY, List.of(NotificationAlert.of(alert, now)), "");

        assertEquals("[{\"status\":\"resolved\",\"labels\":{\"alertname\":\"A\",\"job\":\"api\"},\"annotations\":"
                + "{\"summary\":\"x\\u003cy\"},\"startsAt\":\"2026-11-22T10:00:00.5Z\",\"endsAt\":"
                + "\"2026-11-22T10:05:00Z\",\"generatorURL\":\"\",\"fingerprint\":\""
                + String.format("%016x", alert.fingerprint()) + "\"}]",
                NotificationTemplates.defaults().render("{{ .Alerts | toJson }}", data));
        assertEquals("{\"a\":[1,\"b\"]}", NotificationTemplates.defaults()
                .render("{{ dict \"a\" (list 1 \"b\") | toJson }}", data));
    }
}
