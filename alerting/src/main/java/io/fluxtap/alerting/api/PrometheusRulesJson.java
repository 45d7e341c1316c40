package io.fluxtap.alerting.api;

import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.RecordingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleStatus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prometheus 2.42's rules API JSON ({@code web/api/v1}: RuleGroup, AlertingRule, RecordingRule, Alert). */
final class PrometheusRulesJson {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private PrometheusRulesJson() {
    }

    static Map<String, Object> success(Object data) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "success");
        json.put("data", data);
        return json;
    }

    static Map<String, Object> badData(String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "error");
        json.put("errorType", "bad_data");
        json.put("error", message);
        return json;
    }

    static Map<String, Object> group(RuleGroup group, List<Map<String, Object>> rules) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", group.name());
        json.put("file", group.file());
        json.put("rules", rules);
        json.put("interval", seconds(group.interval()));
        json.put("limit", group.limit());
        json.put("evaluationTime", seconds(group.status().evaluationTime()));
        json.put("lastEvaluation", time(group.status().lastEvaluation()));
        return json;
    }

    static Map<String, Object> rule(Rule rule) {
        Map<String, Object> json = new LinkedHashMap<>();
        RuleStatus status = rule.status();
        if (rule instanceof AlertingRule alerting) {
            json.put("state", alerting.state().wireName());
            json.put("name", rule.name());
            json.put("query", rule.query().text());
            json.put("duration", seconds(alerting.holdDuration()));
            json.put("keepFiringFor", seconds(alerting.keepFiringFor()));
            json.put("labels", new TreeMap<>(rule.labels()));
            json.put("annotations", new TreeMap<>(alerting.annotations()));
            json.put("alerts", alerting.activeAlerts().stream().map(PrometheusRulesJson::alert).toList());
        } else {
            json.put("name", rule.name());
            json.put("query", rule.query().text());
            if (!rule.labels().isEmpty()) {
                json.put("labels", new TreeMap<>(rule.labels()));
            }
        }
        json.put("health", status.health().wireName());
        if (status.lastError() != null && !status.lastError().isEmpty()) {
            json.put("lastError", status.lastError());
        }
        json.put("evaluationTime", seconds(status.evaluationTime()));
        json.put("lastEvaluation", time(status.lastEvaluation()));
        json.put("type", rule instanceof RecordingRule ? "recording" : "alerting");
        return json;
    }

    static Map<String, Object> alert(AlertInstance alert) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", alert.labels());
        json.put("annotations", alert.annotations());
        json.put("state", alert.state().wireName());
        json.put("activeAt", time(alert.activeAt()));
        if (alert.keepFiringSince() != null) {
            json.put("keepFiringSince", time(alert.keepFiringSince()));
        }
        json.put("value", formatValue(alert.value()));
        return json;
    }

    static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    /** Go's time.Time JSON (RFC 3339 with the nanoseconds, trailing zeros cut); null is Go's zero time. */
    static String time(Instant at) {
        if (at == null) {
            return "0001-01-01T00:00:00Z";
        }
        String out = SECONDS.format(at);
        int nanos = at.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
            out += "." + fraction;
        }
        return out + "Z";
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, as Prometheus writes an alert's value. */
    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }
}
