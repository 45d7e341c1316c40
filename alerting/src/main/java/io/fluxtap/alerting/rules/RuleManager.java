package io.fluxtap.alerting.rules;

import io.fluxtap.api.Lane;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SqlQueries;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prometheus' {@code rules.Manager}: loads the rule files, builds the groups and evaluates each at its slots on the
 * given scheduler. {@link #reload()} reads every file again; when one has an error nothing changes (the old rules
 * keep running) and the errors are returned and kept for health reporting. Alerts survive a reload (and, with a
 * persistent {@link AlertStateStore}, a restart) through the store: a new group restores what the old one saved.
 */
public final class RuleManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RuleManager.class.getName());

    private final RuleSettings settings;
    private final RuleFileParser parser;
    private final PromqlQueries promql;
    private final SqlQueries sql;
    private final RecordSink.Writer writer;
    private final AlertSender sender;
    private final AlertStateStore store;
    private final AlertStateListener listener;
    private final RuleTemplates templates;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Object lock = new Object();
    private Map<String, Scheduled> running = Map.of();
    private volatile List<String> lastReloadErrors = List.of();
    private volatile boolean lastReloadSuccessful = true;
    private boolean closed;
    /** False until the first successful load: that one follows a process start, every later one is a reload. */
    private boolean loadedOnce;

    /** A running group and its next evaluation. */
    private static final class Scheduled {
        final RuleGroup group;
        Instant lastSlot;
        ScheduledFuture<?> next;
        boolean stopped;

        Scheduled(RuleGroup group) {
            this.group = group;
        }
    }

    /**
     * @param sink      where rule output goes: one writer is opened for all groups, its writes serialized
     * @param scheduler runs the evaluations; a single thread evaluates groups one at a time
     */
    public RuleManager(RuleSettings settings, RuleFileParser parser, PromqlQueries promql, SqlQueries sql,
                       RecordSink sink, AlertSender sender, AlertStateStore store, RuleTemplates templates,
                       ScheduledExecutorService scheduler, Clock clock) {
        this(settings, parser, promql, sql, sink, sender, store, AlertStateListener.NONE, templates, scheduler, clock);
    }

    /** @param listener told every state change of the rules' alerts (the alert history) */
    public RuleManager(RuleSettings settings, RuleFileParser parser, PromqlQueries promql, SqlQueries sql,
                       RecordSink sink, AlertSender sender, AlertStateStore store, AlertStateListener listener,
                       RuleTemplates templates, ScheduledExecutorService scheduler, Clock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.promql = Objects.requireNonNull(promql, "promql");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.store = Objects.requireNonNull(store, "store");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new SerializedWriter(sink.openWriter(Lane.P2));
    }

    /** Groups evaluate concurrently when the scheduler has several threads; a store writer is not shared so. */
    private static final class SerializedWriter implements RecordSink.Writer {
        private final RecordSink.Writer writer;

        SerializedWriter(RecordSink.Writer writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(RecordBatch batch) {
            writer.write(batch);
        }

        @Override
        public synchronized void close() {
            writer.close();
        }
    }

    /**
     * Reads the rule files and, when all are valid, replaces the running groups with theirs.
     *
     * @return the errors (promtool's wording), none when the new rules run
     */
    public List<String> reload() {
        List<Path> files = RuleFiles.resolve(settings.ruleFiles(), settings.home());
        List<String> errors = new ArrayList<>();
        List<RuleFile> parsed = new ArrayList<>();
        for (Path file : files) {
            RuleFileParser.Result result = parser.parseFile(file);
            result.warnings().forEach(w -> LOG.warning(w));
            if (result.ok()) {
                parsed.add(result.ruleFile());
            } else {
                errors.addAll(result.errors());
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> LOG.severe("Loading rule files failed, the previous rules keep running: " + e));
            lastReloadErrors = List.copyOf(errors);
            lastReloadSuccessful = false;
            return lastReloadErrors;
        }
        Map<String, Scheduled> next = new LinkedHashMap<>();
        for (RuleFile file : parsed) {
            for (RuleGroupSpec spec : file.groups()) {
                RuleGroup group = build(file.file(), spec);
                next.put(group.key(), new Scheduled(group));
            }
        }
        synchronized (lock) {
            if (closed) {
                return List.of();
            }
            for (Scheduled old : running.values()) {
                stop(old);
            }
            boolean processRestart = !loadedOnce;
            loadedOnce = true;
            running = next;
            for (Scheduled s : next.values()) {
                s.group.restore(processRestart);
                Instant first = s.group.firstEvaluation(clock.instant());
                schedule(s, first);
            }
        }
        lastReloadErrors = List.of();
        lastReloadSuccessful = true;
        return List.of();
    }

    private RuleGroup build(String file, RuleGroupSpec spec) {
        Duration interval = spec.interval() != null && spec.interval().isPositive()
                ? spec.interval() : settings.evaluationInterval();
        Duration queryOffset = spec.queryOffset() != null ? spec.queryOffset() : settings.queryOffset();
        List<Rule> rules = new ArrayList<>();
        for (RuleSpec r : spec.rules()) {
            RuleQuery query = r.sql().isEmpty()
                    ? new PromqlRuleQuery(promql, r.expr())
                    : new SqlRuleQuery(sql, r.sql(), interval, settings.sqlSampleRows());
            Map<String, String> labels = new LinkedHashMap<>(spec.labels());
            labels.putAll(r.labels());
            rules.add(r.isAlerting()
                    ? new AlertingRule(r.alert(), query, r.forDuration(), r.keepFiringFor(), labels, r.annotations(),
                    settings.externalLabels(), settings.externalURL(), templates)
                    : new RecordingRule(r.record(), query, labels));
        }
        return new RuleGroup(file, spec.name(), interval, queryOffset, spec.limit(), rules, writer, sender, store,
                listener, settings.resendDelay(), clock);
    }

    private void schedule(Scheduled s, Instant at) {
        long delayNs = Math.max(0, Duration.between(clock.instant(), at).toNanos());
        s.next = scheduler.schedule(() -> run(s), delayNs, TimeUnit.NANOSECONDS);
    }

    /** One evaluation at the latest slot; missed slots are skipped, as Prometheus skips them. */
    private void run(Scheduled s) {
        synchronized (lock) {
            if (s.stopped) {
                return;
            }
        }
        Instant slot = s.group.evalTimestamp(clock.instant());
        if (s.lastSlot == null || slot.isAfter(s.lastSlot)) {
            try {
                s.group.evaluate(slot);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, e, () -> "Evaluating group " + s.group.key() + " failed");
            }
            s.lastSlot = slot;
        }
        synchronized (lock) {
            if (!s.stopped) {
                schedule(s, s.lastSlot.plus(s.group.interval()));
            }
        }
    }

    private static void stop(Scheduled s) {
        s.stopped = true;
        if (s.next != null) {
            s.next.cancel(false);
        }
    }

    /** The running groups, in file and group order. */
    public List<RuleGroup> groups() {
        synchronized (lock) {
            return running.values().stream().map(s -> s.group).toList();
        }
    }

    /** What {@code fluxtap_rules_config_last_reload_successful} reports. */
    public boolean lastReloadSuccessful() {
        return lastReloadSuccessful;
    }

    /** The last reload's errors, none when it succeeded. */
    public List<String> lastReloadErrors() {
        return lastReloadErrors;
    }

    /** Stops the evaluations (the scheduler is the caller's) and closes the writer. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            running.values().forEach(RuleManager::stop);
            running = Map.of();
        }
        writer.close();
    }
}
