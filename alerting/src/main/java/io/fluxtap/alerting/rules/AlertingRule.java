package io.fluxtap.alerting.rules;

import io.fluxtap.api.Alert;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.Labels;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Prometheus' {@code rules.AlertingRule}: its alert state machine (inactive → pending → firing, {@code for},
 * {@code keep_firing_for}, resolved alerts kept 15 minutes), the {@code ALERTS} and {@code ALERTS_FOR_STATE}
 * series, and which alerts to send when ({@code sendAlerts}). Evaluated by one thread at a time (its group's); the
 * rules API reads {@link #alerts()} from others.
 */
public final class AlertingRule implements Rule {

    /** How long Prometheus keeps a resolved alert (and sends it again as resolved). */
    public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    static final String ALERTS = "ALERTS";
    static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";
    static final String ALERT_NAME = "alertname";
    static final String ALERT_STATE = "alertstate";

    private final String name;
    private final RuleQuery query;
    private final Duration holdDuration;
    private final Duration keepFiringFor;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Map<String, String> externalLabels;
    private final String externalURL;
    private final RuleTemplates templates;
    private final String generatorURL;
    /** Keyed by the alert's labels (sorted maps compare by content): Prometheus' labels hash. */
    private final Map<Map<String, String>, Active> active = new LinkedHashMap<>();
    private volatile List<AlertInstance> snapshot = List.of();
    private volatile List<Transition> transitions = List.of();
    private volatile RuleStatus status = RuleStatus.NEVER;

    /**
     * One alert's state change at an evaluation, as the history shows it: an alert the rule did not hold is
     * {@code INACTIVE} before, an inactive alert kept after it fired is {@code RESOLVED}.
     *
     * @param value the alert's value at the evaluation, its last one when the expression no longer returned it
     */
    public record Transition(Map<String, String> labels, Map<String, String> annotations, AlertHistory.State from,
                             AlertHistory.State to, double value) {
    }

    /** The mutable state of one alert (Prometheus' {@code rules.Alert}). */
    private static final class Active {
        final Map<String, String> labels;
        Map<String, String> annotations;
        AlertState state = AlertState.PENDING;
        double value;
        Instant activeAt;
        Instant firedAt;
        Instant resolvedAt;
        Instant lastSentAt;
        Instant validUntil;
        Instant keepFiringSince;

        Active(Map<String, String> labels, Map<String, String> annotations, double value, Instant activeAt) {
            this.labels = labels;
            this.annotations = annotations;
            this.value = value;
            this.activeAt = activeAt;
        }

        AlertInstance instance() {
            return new AlertInstance(labels, annotations, state, value, activeAt, firedAt, resolvedAt, lastSentAt,
                    validUntil, keepFiringSince);
        }

        /** Prometheus' {@code needsSending}. */
        boolean needsSending(Instant ts, Duration resendDelay) {
            if (state == AlertState.PENDING) {
                return false;
            }
            // Resolved since it was last sent: send it now, whatever the delay.
            if (resolvedAt != null && (lastSentAt == null || resolvedAt.isAfter(lastSentAt))) {
                return true;
            }
            return lastSentAt == null || lastSentAt.plus(resendDelay).isBefore(ts);
        }
    }

    /**
     * @param labels         group labels merged with the rule's (the rule's win), unexpanded templates
     * @param annotations    unexpanded templates
     * @param externalLabels {@code $externalLabels}
     * @param externalURL    this server's external URL: the alerts' generatorURL starts with it
     */
    public AlertingRule(String name, RuleQuery query, Duration holdDuration, Duration keepFiringFor,
                        Map<String, String> labels, Map<String, String> annotations,
                        Map<String, String> externalLabels, String externalURL, RuleTemplates templates) {
        this.name = Objects.requireNonNull(name, "name");
        this.query = Objects.requireNonNull(query, "query");
        this.holdDuration = Objects.requireNonNull(holdDuration, "holdDuration");
        this.keepFiringFor = Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalURL = Objects.requireNonNullElse(externalURL, "");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.generatorURL = this.externalURL + generatorPath(query);
    }

    /**
     * Prometheus' {@code TableLinkForExpression}; an {@code sql:} rule links to the SQL console with its statement.
     */
    private static String generatorPath(RuleQuery query) {
        return switch (query) {
            case PromqlRuleQuery p -> "/graph?g0.expr=" + queryEscape(p.expr()) + "&g0.tab=1";
            case SqlRuleQuery s -> "/sql?q=" + queryEscape(s.statement());
        };
    }

    /** Go's {@code url.QueryEscape}: URLEncoder but for '*' and '~'. */
    static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    @Override
    public List<OutputSample> eval(Instant ts, Duration queryOffset, int limit) {
        Map<Map<String, String>, AlertHistory.State> before = new LinkedHashMap<>();
        active.forEach((key, a) -> before.put(key, historyState(a)));
        transitions = List.of();
        Instant at = ts.minus(queryOffset);
        List<QueriedSample> result = query.run(at);
        Map<Map<String, String>, Active> fresh = new LinkedHashMap<>();
        String templateName = "__alert_" + name;
        for (QueriedSample s : result) {
            TemplateData data = new TemplateData(s.labels(), externalLabels, externalURL, s.value(), ts,
                    s.sampleRows());
            Map<String, String> lb = new TreeMap<>(s.labels());
            lb.remove(METRIC_NAME);
            labels.forEach((k, v) -> set(lb, k, expand(templateName, v, data)));
            lb.put(ALERT_NAME, name);
            Map<String, String> expanded = new LinkedHashMap<>();
            annotations.forEach((k, v) -> expanded.put(k, expand(templateName, v, data)));
            if (fresh.containsKey(lb)) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying "
                        + "alert labels");
            }
            Rule.requireClassicNames(lb, "label");
            Rule.requireClassicNames(expanded, "annotation");
            fresh.put(lb, new Active(Collections.unmodifiableMap(lb), expanded, s.value(), ts));
        }
        for (Map.Entry<Map<String, String>, Active> e : fresh.entrySet()) {
            Active known = active.get(e.getKey());
            if (known != null && known.state != AlertState.INACTIVE) {
                known.value = e.getValue().value;
                known.annotations = e.getValue().annotations;
            } else {
                active.put(e.getKey(), e.getValue());
            }
        }
        List<OutputSample> out = new ArrayList<>();
        int activePending = 0;
        Map<Map<String, String>, Active> evaluated = new LinkedHashMap<>(active);
        for (Iterator<Map.Entry<Map<String, String>, Active>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Map<String, String>, Active> e = it.next();
            Active a = e.getValue();
            if (!fresh.containsKey(e.getKey())) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && keepFiringFor.isPositive()) {
                    if (a.keepFiringSince == null) {
                        a.keepFiringSince = ts;
                    }
                    keepFiring = Duration.between(a.keepFiringSince, ts).compareTo(keepFiringFor) < 0;
                }
                // A resolved alert stays (and is sent as resolved) for the retention; a pending one goes at once.
                if (a.state == AlertState.PENDING || (a.resolvedAt != null
                        && Duration.between(a.resolvedAt, ts).compareTo(RESOLVED_RETENTION) > 0)) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = ts;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = null;
            }
            activePending++;
            if (a.state == AlertState.PENDING && Duration.between(a.activeAt, ts).compareTo(holdDuration) >= 0) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
            out.add(alertsSample(a, at));
            out.add(forStateSample(a, at));
        }
        if (limit > 0 && activePending > limit) {
            active.clear();
            snapshot = List.of();
            throw new RuleEvaluationException("exceeded limit of " + limit + " with " + activePending + " alerts");
        }
        snapshot = snapshotOf();
        transitions = transitionsOf(before, evaluated);
        return out;
    }

    /** What changed between the states before the evaluation and the alerts it evaluated (now kept or dropped). */
    private static List<Transition> transitionsOf(Map<Map<String, String>, AlertHistory.State> before,
                                                  Map<Map<String, String>, Active> evaluated) {
        List<Transition> out = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Active> e : evaluated.entrySet()) {
            Active a = e.getValue();
            AlertHistory.State from = before.getOrDefault(e.getKey(), AlertHistory.State.INACTIVE);
            AlertHistory.State to = historyState(a);
            if (from != to) {
                out.add(new Transition(a.labels, Map.copyOf(a.annotations), from, to, a.value));
            }
        }
        return List.copyOf(out);
    }

    private static AlertHistory.State historyState(Active a) {
        return switch (a.state) {
            case PENDING -> AlertHistory.State.PENDING;
            case FIRING -> AlertHistory.State.FIRING;
            // Inactive after firing is resolved (kept for the retention); a pending alert that went away never fired.
            case INACTIVE -> a.firedAt != null ? AlertHistory.State.RESOLVED : AlertHistory.State.INACTIVE;
        };
    }

    /**
     * The state changes of the last evaluation (none after one that failed). Read by the evaluating thread after
     * {@link #eval}.
     */
    public List<Transition> transitions() {
        return transitions;
    }

    private static void set(Map<String, String> lb, String k, String v) {
        if (v.isEmpty()) {
            lb.remove(k);
        } else {
            lb.put(k, v);
        }
    }

    private String expand(String templateName, String text, TemplateData data) {
        try {
            return templates.expand(templateName, text, data);
        } catch (RuleTemplateException e) {
            // As Prometheus: the alert still fires, the text says what went wrong.
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    private OutputSample alertsSample(Active a, Instant at) {
        Map<String, String> lb = new TreeMap<>(labels);
        lb.putAll(a.labels);
        lb.put(METRIC_NAME, ALERTS);
        lb.put(ALERT_NAME, name);
        lb.put(ALERT_STATE, a.state.wireName());
        return new OutputSample(lb, at, 1);
    }

    private OutputSample forStateSample(Active a, Instant at) {
        Map<String, String> lb = new TreeMap<>(labels);
        lb.putAll(a.labels);
        lb.put(METRIC_NAME, ALERTS_FOR_STATE);
        lb.put(ALERT_NAME, name);
        return new OutputSample(lb, at, a.activeAt.getEpochSecond());
    }

    /**
     * The alerts to send after the evaluation at {@code ts}, as Prometheus' {@code sendAlerts} and
     * {@code SendAlerts}: firing ones not sent within {@code resendDelay}, resolved ones not sent since they resolved;
     * endsAt the resolution, or {@code ts + 4 × max(interval, resendDelay)} for firing ones (two evaluations or sends
     * may fail before the receiver resolves them).
     */
    public List<Alert> alertsToSend(Instant ts, Duration resendDelay, Duration interval) {
        List<Alert> out = new ArrayList<>();
        Duration delta = interval.compareTo(resendDelay) > 0 ? interval : resendDelay;
        for (Active a : active.values()) {
            if (!a.needsSending(ts, resendDelay)) {
                continue;
            }
            a.lastSentAt = ts;
            a.validUntil = ts.plus(delta.multipliedBy(4));
            Instant endsAt = a.resolvedAt != null ? a.resolvedAt : a.validUntil;
            out.add(new Alert(Labels.of(a.labels), Labels.of(a.annotations), a.firedAt, endsAt, generatorURL));
        }
        snapshot = snapshotOf();
        return out;
    }

    /**
     * Puts back alerts saved by an earlier rule object ({@link AlertStateStore}), before the first evaluation: a
     * pending alert keeps its activeAt (its {@code for} timer). After a reload a firing one keeps its lastSentAt
     * (the dispatcher still holds it: no resend before the delay); after a process restart it is sent at the first
     * evaluation, as Prometheus does, because the dispatcher's alerts are gone (its notification log, which
     * survives, keeps the group from being notified twice).
     *
     * @param processRestart true on the server's first load of the rules, false on a reload
     */
    public void restore(List<AlertInstance> saved, boolean processRestart) {
        for (AlertInstance s : saved) {
            Map<String, String> key = Collections.unmodifiableMap(new TreeMap<>(s.labels()));
            Active a = new Active(key, new LinkedHashMap<>(s.annotations()), s.value(), s.activeAt());
            a.state = s.state();
            a.firedAt = s.firedAt();
            a.resolvedAt = s.resolvedAt();
            a.lastSentAt = processRestart ? null : s.lastSentAt();
            a.validUntil = s.validUntil();
            a.keepFiringSince = s.keepFiringSince();
            active.put(key, a);
        }
        snapshot = snapshotOf();
    }

    private List<AlertInstance> snapshotOf() {
        List<AlertInstance> list = new ArrayList<>(active.size());
        for (Active a : active.values()) {
            list.add(a.instance());
        }
        return List.copyOf(list);
    }

    /** The rule's alerts (pending, firing, and resolved within the retention) as of its last evaluation. */
    public List<AlertInstance> alerts() {
        return snapshot;
    }

    /** Prometheus' {@code ActiveAlerts}: pending and firing, not the resolved ones it keeps for a while. */
    public List<AlertInstance> activeAlerts() {
        return snapshot.stream().filter(a -> a.state() != AlertState.INACTIVE).toList();
    }

    /** The rule's state for the rules API: firing when one alert fires, else pending when one is, else inactive. */
    public AlertState state() {
        AlertState max = AlertState.INACTIVE;
        for (AlertInstance a : snapshot) {
            if (a.state().ordinal() > max.ordinal()) {
                max = a.state();
            }
        }
        return max;
    }

    public Duration holdDuration() {
        return holdDuration;
    }

    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RuleQuery query() {
        return query;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public RuleStatus status() {
        return status;
    }

    @Override
    public void status(RuleStatus status) {
        this.status = Objects.requireNonNull(status);
    }
}
