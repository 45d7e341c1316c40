package io.fluxtap.alerting.rules;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.fluxtap.api.Alert;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prometheus' {@code rules.Group}: rules evaluated in order, every {@code interval}, at instants aligned as
 * Prometheus aligns them (an offset within the interval from the hash of the group's file and name, so groups
 * spread over the interval and keep their slots across restarts). After each rule: its samples written through the
 * {@link RecordSink} (so the next rule of the group sees them), stale markers for its series that disappeared,
 * its alerts' state changes told to the {@link AlertStateListener}, alerts sent to the {@link AlertSender} and saved
 * to the {@link AlertStateStore}. One thread evaluates a group at a
 * time.
 */
public final class RuleGroup {

    private static final Logger LOG = Logger.getLogger(RuleGroup.class.getName());
    /** Prometheus' stale marker NaN (value.StaleNaN). */
    static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private final String file;
    private final String name;
    private final Duration interval;
    private final Duration queryOffset;
    private final int limit;
    private final List<Rule> rules;
    private final RecordSink.Writer writer;
    private final AlertSender sender;
    private final AlertStateStore store;
    private final AlertStateListener listener;
    private final Duration resendDelay;
    private final Clock clock;
    private final List<Map<Map<String, String>, OutputSample>> previousSeries = new ArrayList<>();
    private volatile RuleStatus status = RuleStatus.NEVER;

    /**
     * @param interval    the group's interval (its own, else {@code fluxtap.alerting.evaluation-interval})
     * @param queryOffset the group's query_offset, else the global one
     * @param limit       0 for none
     * @param writer      where rule output goes (the metrics store)
     * @param resendDelay how often a firing alert is sent again ({@code fluxtap.alerting.resend-delay}, 1m)
     * @param clock       measures evaluation time and stamps lastEvaluation
     */
    public RuleGroup(String file, String name, Duration interval, Duration queryOffset, int limit, List<Rule> rules,
                     RecordSink.Writer writer, AlertSender sender, AlertStateStore store, Duration resendDelay,
                     Clock clock) {
        this(file, name, interval, queryOffset, limit, rules, writer, sender, store, AlertStateListener.NONE,
                resendDelay, clock);
    }

    /** @param listener told each alert's state changes (the alert history) */
    public RuleGroup(String file, String name, Duration interval, Duration queryOffset, int limit, List<Rule> rules,
                     RecordSink.Writer writer, AlertSender sender, AlertStateStore store, AlertStateListener listener,
                     Duration resendDelay, Clock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.file = Objects.requireNonNull(file, "file");
        this.name = Objects.requireNonNull(name, "name");
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("a group's interval must be positive, was " + interval);
        }
        this.interval = interval;
        this.queryOffset = Objects.requireNonNull(queryOffset, "queryOffset");
        this.limit = limit;
        this.rules = List.copyOf(rules);
        this.writer = Objects.requireNonNull(writer, "writer");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.store = Objects.requireNonNull(store, "store");
        this.resendDelay = Objects.requireNonNull(resendDelay, "resendDelay");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < this.rules.size(); i++) {
            previousSeries.add(Map.of());
        }
    }

    /** Prometheus' {@code GroupKey}: file and name, what identifies a group across reloads. */
    public String key() {
        return file + ";" + name;
    }

    /** Prometheus' {@code Group.hash}: xxHash64 of the labels {file, name} as {@code labels.Hash} writes them. */
    long hash() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String part : new String[]{"file", file, "name", name}) {
            b.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            b.write(0xff);
        }
        return XxHash64.hash(b.toByteArray());
    }

    /** Prometheus' {@code EvalTimestamp}: the group's slot at or before {@code now}. */
    public Instant evalTimestamp(Instant now) {
        long intervalNs = interval.toNanos();
        long offset = Long.remainderUnsigned(hash(), intervalNs);
        long nowNs = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        long adjusted = nowNs - offset;
        long base = adjusted - Math.floorMod(adjusted, intervalNs);
        long slot = base + offset;
        return Instant.ofEpochSecond(Math.floorDiv(slot, 1_000_000_000L), Math.floorMod(slot, 1_000_000_000L));
    }

    /** The first evaluation of a group started at {@code now}, as Prometheus' {@code run}: the next slot. */
    public Instant firstEvaluation(Instant now) {
        return evalTimestamp(now).plus(interval);
    }

    /**
     * Restores the alerting rules' alerts from the store: call once, before the first evaluation.
     *
     * @param processRestart see {@link AlertingRule#restore(List, boolean)}
     */
    public void restore(boolean processRestart) {
        Map<String, Integer> occurrences = new HashMap<>();
        for (Rule rule : rules) {
            if (rule instanceof AlertingRule ar) {
                int n = occurrences.merge(ar.name(), 1, Integer::sum) - 1;
                ar.restore(store.load(key(), ar.name(), n), processRestart);
            }
        }
    }

    /**
     * Evaluates every rule at {@code ts} (a slot from {@link #evalTimestamp}); never throws for a rule's failure.
     * <p>
     * The rules' output is written in as few store transactions as the group allows: Prometheus commits each rule's
     * output before the next rule runs, so a later rule of the group sees it. Here the output waits until a rule
     * that could read it comes (its query, labels or annotations name a metric waiting to be written: a textual
     * check, so it errs towards writing early) or the group ends. One transaction per rule made the store's commit
     * the cost of a round (1,000 rules: about 26 s over DuckDB, BENCHMARKS.md section 12). For the same reason the
     * alerting rules' alerts go to the state store together, once the group's rules have run.
     */
    public void evaluate(Instant ts) {
        // A trace of its own per evaluation (Fluxtap observing itself; a no-op unless fluxtap.observability is on).
        Span span = GlobalOpenTelemetry.getTracer("io.fluxtap.alerting").spanBuilder("rule group " + name)
                .setNoParent().setAttribute("fluxtap.rule_file", file).setAttribute("fluxtap.rules", rules.size())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            evaluateRules(ts);
        } finally {
            span.end();
        }
    }

    private void evaluateRules(Instant ts) {
        Instant start = clock.instant();
        Map<String, Integer> occurrences = new HashMap<>();
        PendingOutput pending = new PendingOutput();
        List<AlertStateStore.RuleAlerts> alertStates = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (pending.readBy(rule)) {
                pending.flush();
            }
            int occurrence = occurrences.merge(rule.name(), 1, Integer::sum) - 1;
            Instant ruleStart = clock.instant();
            List<OutputSample> vector;
            try {
                vector = rule.eval(ts, queryOffset, limit);
            } catch (RuntimeException e) {
                rule.status(new RuleStatus(RuleHealth.ERR, message(e), ruleStart, since(ruleStart)));
                LOG.log(Level.WARNING, () -> "Evaluating rule failed: group " + key() + ", rule " + rule.name()
                        + ": " + message(e));
                continue;
            }
            if (rule instanceof AlertingRule ar) {
                report(ar, ts);
                send(ar.alertsToSend(ts, resendDelay, interval));
                alertStates.add(new AlertStateStore.RuleAlerts(ar.name(), occurrence, ar.alerts()));
            }
            pending.add(rule, output(i, vector, ts.minus(queryOffset)), ruleStart, since(ruleStart));
        }
        pending.flush();
        save(alertStates);
        String firstError = rules.stream().map(Rule::status).filter(s -> s.health() == RuleHealth.ERR)
                .map(RuleStatus::lastError).findFirst().orElse("");
        status = new RuleStatus(firstError.isEmpty() ? RuleHealth.OK : RuleHealth.ERR, firstError, start,
                since(start));
    }

    /** Rules evaluated and their output not written yet; their status is set once it is (or failed to be). */
    private final class PendingOutput {
        private final List<MetricSample> samples = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final List<Rule> rules = new ArrayList<>();
        private final List<Instant> starts = new ArrayList<>();
        private final List<Duration> durations = new ArrayList<>();

        void add(Rule rule, List<MetricSample> output, Instant ruleStart, Duration evaluation) {
            samples.addAll(output);
            output.forEach(s -> names.add(s.name()));
            rules.add(rule);
            starts.add(ruleStart);
            durations.add(evaluation);
        }

        boolean readBy(Rule rule) {
            if (names.isEmpty()) {
                return false;
            }
            List<String> texts = new ArrayList<>(rule.labels().values());
            texts.add(rule.query().text());
            if (rule instanceof AlertingRule ar) {
                texts.addAll(ar.annotations().values());
            }
            return names.stream().anyMatch(name -> texts.stream().anyMatch(t -> t.contains(name)));
        }

        void flush() {
            String writeError = write(samples);
            for (int i = 0; i < rules.size(); i++) {
                rules.get(i).status(writeError == null
                        ? new RuleStatus(RuleHealth.OK, "", starts.get(i), durations.get(i))
                        : new RuleStatus(RuleHealth.ERR, writeError, starts.get(i), durations.get(i)));
            }
            samples.clear();
            names.clear();
            rules.clear();
            starts.clear();
            durations.clear();
        }
    }

    private void send(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        try {
            sender.send(alerts);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Sending " + alerts.size() + " alerts of group " + key() + " failed");
        }
    }

    private void report(AlertingRule rule, Instant ts) {
        for (AlertingRule.Transition t : rule.transitions()) {
            try {
                listener.changed(new AlertHistory.StateChange(ts, file, name, rule.name(), t.labels(), t.annotations(),
                        t.from(), t.to(), t.value(), Labels.of(t.labels()).fingerprint()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "Recording a state change of rule " + rule.name() + " of " + key()
                        + " failed");
            }
        }
    }

    private void save(List<AlertStateStore.RuleAlerts> alertStates) {
        if (alertStates.isEmpty()) {
            return;
        }
        try {
            store.save(key(), alertStates);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Saving the alerts of group " + key() + " failed");
        }
    }

    /** The rule's samples and stale markers for its series gone since the last evaluation. */
    private List<MetricSample> output(int rule, List<OutputSample> vector, Instant at) {
        Map<Map<String, String>, OutputSample> returned = new LinkedHashMap<>();
        List<MetricSample> samples = new ArrayList<>(vector.size());
        for (OutputSample s : vector) {
            returned.put(s.labels(), s);
            samples.add(metricSample(s.labels(), s.timestamp(), s.value()));
        }
        for (Map<String, String> gone : previousSeries.get(rule).keySet()) {
            if (!returned.containsKey(gone)) {
                samples.add(metricSample(gone, at, STALE_NAN));
            }
        }
        previousSeries.set(rule, returned);
        return samples;
    }

    /** Writes the samples in one transaction; null or the error. */
    private String write(List<MetricSample> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        try {
            writer.write(new RecordBatch(Lane.P2, List.of(), List.of(), List.copyOf(samples), RecordBatch.NO_WAL));
            return null;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Writing the output of group " + key() + " failed");
            return message(e);
        }
    }

    private static MetricSample metricSample(Map<String, String> labels, Instant at, double value) {
        Map<String, String> rest = new LinkedHashMap<>(labels);
        String metric = rest.remove(Rule.METRIC_NAME);
        return new MetricSample(at, metric, rest, value, MetricSample.MetricType.GAUGE, null, null, null, null, null,
                null, List.of());
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public String file() {
        return file;
    }

    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    public Duration queryOffset() {
        return queryOffset;
    }

    public int limit() {
        return limit;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The group's last evaluation: its start, its duration; ERR with the first failing rule's error. */
    public RuleStatus status() {
        return status;
    }
}
