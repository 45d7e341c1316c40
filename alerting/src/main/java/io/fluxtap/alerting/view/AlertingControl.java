package io.fluxtap.alerting.view;

import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.RecordingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.server.Alerting;
import io.fluxtap.alerting.silence.InvalidSilenceException;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.SilenceNotFoundException;
import io.fluxtap.alerting.silence.SilenceState;
import io.fluxtap.api.Labels;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.api.alerts.AlertControl;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.NotificationEntry;
import io.fluxtap.api.alerts.RuleEntry;
import io.fluxtap.api.alerts.RuleGroupEntry;
import io.fluxtap.api.alerts.SilenceEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.api.alerts.SilenceRequest;
import io.fluxtap.api.alerts.SilenceRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AlertControl} over the running alerting: see the package description. */
@ApplicationScoped
public class AlertingControl implements AlertControl {

    private static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(10);

    private final Alerting alerting;
    private final SqlQueries sql;

    @Inject
    public AlertingControl(Alerting alerting, SqlQueries sql) {
        this.alerting = alerting;
        this.sql = sql;
    }

    @Override
    public List<AlertEntry> alerts() {
        Instant now = alerting.scheduler().now();
        // By fingerprint: a rule's firing alert is also in the alert store once sent; the store's view wins.
        Map<String, AlertEntry> out = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        List<AlertInstance> pending = new ArrayList<>();
        for (RuleGroup group : alerting.ruleGroups()) {
            for (Rule rule : group.rules()) {
                if (rule instanceof AlertingRule alertingRule) {
                    for (AlertInstance a : alertingRule.activeAlerts()) {
                        values.put(Alerting.fingerprint(Labels.of(a.labels())), a.value());
                        if (a.state() == AlertState.PENDING) {
                            pending.add(a);
                        }
                    }
                }
            }
        }
        List<StoredAlert> stored = new ArrayList<>(alerting.alerts().list());
        stored.sort(Comparator.comparing(a -> Alerting.fingerprint(a.alert().labels())));
        for (StoredAlert alert : stored) {
            if (alert.alert().endsAt() != null && alert.alert().endsAt().isBefore(now)) {
                continue; // resolved, as the API v2 leaves it out
            }
            Labels labels = alert.alert().labels();
            AlertMarker.Status status = alerting.updateStatus(labels, now);
            String fp = Alerting.fingerprint(labels);
            out.put(fp, new AlertEntry(fp, labels.asMap(), alert.alert().annotations().asMap(), "firing",
                    alert.alert().startsAt(), values.get(fp), status.silencedBy(), status.inhibitedBy()));
        }
        for (AlertInstance a : pending) {
            Labels labels = Labels.of(a.labels());
            String fp = Alerting.fingerprint(labels);
            if (!out.containsKey(fp)) {
                AlertMarker.Status status = alerting.updateStatus(labels, now);
                out.put(fp, new AlertEntry(fp, a.labels(), a.annotations(), "pending", a.activeAt(), a.value(),
                        status.silencedBy(), status.inhibitedBy()));
            }
        }
        return List.copyOf(out.values());
    }

    @Override
    public List<RuleGroupEntry> ruleGroups() {
        List<RuleGroupEntry> out = new ArrayList<>();
        for (RuleGroup group : alerting.ruleGroups()) {
            List<RuleEntry> rules = new ArrayList<>();
            for (Rule rule : group.rules()) {
                var status = rule.status();
                String state = "";
                int active = 0;
                if (rule instanceof AlertingRule a) {
                    state = a.state().wireName();
                    active = a.activeAlerts().size();
                }
                rules.add(new RuleEntry(rule.name(), rule instanceof RecordingRule ? "recording" : "alerting",
                        rule.query().text(), state, status.health().wireName(), status.lastEvaluation(),
                        status.evaluationTime(), status.lastError() == null ? "" : status.lastError(), active));
            }
            out.add(new RuleGroupEntry(group.file(), group.name(), group.interval(), group.status().lastEvaluation(),
                    group.status().evaluationTime(), rules));
        }
        return out;
    }

    @Override
    public List<SilenceEntry> silences() {
        Instant now = alerting.scheduler().now();
        List<Silence> all = new ArrayList<>(alerting.silences().all());
        all.sort(SilenceState.alertmanagerOrder(now));
        return all.stream().map(s -> new SilenceEntry(s.id(),
                s.matchers().stream().map(m -> new SilenceMatcher(m.name(), m.type().operator(), m.value())).toList(),
                s.createdBy(), s.comment(), s.startsAt(), s.endsAt(), s.state(now).wireName())).toList();
    }

    @Override
    public String createSilence(SilenceRequest request) {
        if (request.matchers().isEmpty()) {
            throw new SilenceRequestException("a silence needs at least one matcher");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (SilenceMatcher m : request.matchers()) {
            try {
                matchers.add(new Matcher(type(m.operator()), m.name(), m.value()));
            } catch (IllegalArgumentException e) {
                throw new SilenceRequestException("invalid matcher " + m + ": " + e.getMessage());
            }
        }
        Silence silence = new Silence(request.id(), matchers, request.startsAt(), request.endsAt(), null,
                request.createdBy(), request.comment());
        // The API v2's checks first, so the page refuses exactly what POST /silences refuses.
        Optional<String> refused = alerting.silences().checkPosted(silence);
        if (refused.isPresent()) {
            throw new SilenceRequestException(refused.get());
        }
        try {
            return alerting.silences().set(silence);
        } catch (SilenceNotFoundException e) {
            throw new SilenceRequestException("silence " + request.id() + " not found");
        } catch (InvalidSilenceException e) {
            throw new SilenceRequestException(e.getMessage());
        }
    }

    private static Matcher.Type type(String operator) {
        for (Matcher.Type type : Matcher.Type.values()) {
            if (type.operator().equals(operator)) {
                return type;
            }
        }
        throw new SilenceRequestException("operator must be one of =, !=, =~, !~, was '" + operator + "'");
    }

    @Override
    public void expireSilence(String id) {
        try {
            alerting.silences().expire(id);
        } catch (SilenceNotFoundException e) {
            throw new SilenceRequestException("silence " + id + " not found");
        }
    }

    @Override
    public List<String> receivers() {
        return alerting.config().receivers().stream().map(r -> r.name()).toList();
    }

    @Override
    public List<NotificationEntry> notifications(String receiver, Instant from, Instant to, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1 to 10000, was " + limit);
        }
        StringBuilder query = new StringBuilder("""
                SELECT ts, receiver, integration, status, http_status, latency_ms, error, attempt,
                       json_array_length(alerts) AS alerts
                FROM notification_history
                WHERE ts >= epoch_ms(%d) AND ts <= epoch_ms(%d)""".formatted(from.toEpochMilli(), to.toEpochMilli()));
        if (receiver != null) {
            query.append(" AND receiver = ").append(literal(receiver));
        }
        query.append(" ORDER BY ts DESC, id DESC LIMIT ").append(limit);
        SqlQueries.Result result;
        try {
            result = sql.query(query.toString(), HISTORY_TIMEOUT);
        } catch (QueryException e) {
            throw new IllegalStateException("the notification history cannot be read: " + e.getMessage(), e);
        }
        List<NotificationEntry> out = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            out.add(new NotificationEntry(instant(row.get(0)), (String) row.get(1), (String) row.get(2),
                    (String) row.get(3), row.get(4) == null ? null : ((Number) row.get(4)).intValue(),
                    Duration.ofNanos(Math.round(((Number) row.get(5)).doubleValue() * 1e6)), (String) row.get(6),
                    ((Number) row.get(7)).intValue(), row.get(8) == null ? 0 : ((Number) row.get(8)).intValue()));
        }
        return out;
    }

    /** A SQL string literal: the console takes one statement as text, so the quotes are doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case OffsetDateTime t -> t.toInstant();
            case Timestamp t -> t.toInstant();
            default -> Instant.parse(value.toString());
        };
    }
}
