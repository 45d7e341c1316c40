package io.fluxtap.alerting.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.alerting.server.Alerting;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API v2's JSON shapes ({@code spec/openapi-v2.yaml}), field names and order as Alertmanager 0.25 writes them. */
final class AmJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** go-openapi's {@code strfmt.DateTime} JSON: RFC 3339 with milliseconds. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private AmJson() {
    }

    static String time(Instant at) {
        return DATE_TIME.format(at == null ? Instant.parse("0001-01-01T00:00:00Z") : at);
    }

    static Map<String, String> labels(Labels labels) {
        return new TreeMap<>(labels.asMap());
    }

    /** {@code gettableAlert}. */
    static Map<String, Object> alert(StoredAlert stored, AlertMarker.Status status, List<String> receivers) {
        Alert alert = stored.alert();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("annotations", labels(alert.annotations()));
        json.put("endsAt", time(alert.endsAt()));
        json.put("fingerprint", Alerting.fingerprint(alert.labels()));
        json.put("receivers", receivers.stream().map(r -> Map.of("name", r)).toList());
        json.put("startsAt", time(alert.startsAt()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("inhibitedBy", status.inhibitedBy());
        state.put("silencedBy", status.silencedBy());
        state.put("state", status.state().wireName());
        json.put("status", state);
        json.put("updatedAt", time(stored.updatedAt()));
        if (!alert.generatorURL().isEmpty()) {
            json.put("generatorURL", alert.generatorURL());
        }
        json.put("labels", labels(alert.labels()));
        return json;
    }

    /** {@code gettableSilence}. */
    static Map<String, Object> silence(Silence silence, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", silence.id());
        json.put("status", Map.of("state", silence.state(now).wireName()));
        json.put("updatedAt", time(silence.updatedAt()));
        json.put("comment", silence.comment());
        json.put("createdBy", silence.createdBy());
        json.put("endsAt", time(silence.endsAt()));
        json.put("matchers", silence.matchers().stream().map(AmJson::matcher).toList());
        json.put("startsAt", time(silence.startsAt()));
        return json;
    }

    private static Map<String, Object> matcher(Matcher m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("isEqual", m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX);
        json.put("isRegex", m.type().isRegex());
        json.put("name", m.name());
        json.put("value", m.value());
        return json;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
