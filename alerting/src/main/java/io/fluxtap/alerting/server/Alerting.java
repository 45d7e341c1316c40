package io.fluxtap.alerting.server;

import io.fluxtap.api.Reloadable;

import io.fluxtap.alerting.clock.RealScheduler;
import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.dispatch.Dispatcher;
import io.fluxtap.alerting.dispatch.Route;
import io.fluxtap.alerting.inhibit.Inhibitor;
import io.fluxtap.alerting.notify.ConfiguredReceivers;
import io.fluxtap.alerting.persist.HistoryRecorder;
import io.fluxtap.alerting.persist.StateStoreAlertStateStore;
import io.fluxtap.alerting.persist.StateStoreNflogStore;
import io.fluxtap.alerting.persist.StateStoreSilenceStore;
import io.fluxtap.alerting.rules.AlertStateListener;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.StateStore;
import io.fluxtap.alerting.notify.Backoff;
import io.fluxtap.alerting.notify.MemoryNflogStore;
import io.fluxtap.alerting.notify.Muter;
import io.fluxtap.alerting.notify.NotificationLog;
import io.fluxtap.alerting.notify.NotificationPipeline;
import io.fluxtap.alerting.notify.NotifyMetrics;
import io.fluxtap.alerting.notify.Receivers;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.AlertStore;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.alerting.rules.InMemoryAlertStateStore;
import io.fluxtap.alerting.rules.RuleFileParser;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleManager;
import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.silence.MemorySilenceStore;
import io.fluxtap.alerting.silence.Silences;
import io.fluxtap.alerting.template.PrometheusRuleTemplates;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SqlQueries;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running alerting of the server: Alertmanager's pipeline (alert store, dispatcher over the route tree,
 * inhibition, silences, notification log, receivers) and Prometheus' rule manager, whose alerts go into the same
 * alert store as the API v2's. {@link #reload()} reads the rule files and the Alertmanager configuration together;
 * a bad file keeps what runs and its error is reported (log, health, the reload gauges).
 *
 * <p>A configuration change builds a new route tree, inhibitor, pipeline and dispatcher (as Alertmanager's reload
 * does); the alert store, silences, the notification log and the alert marker stay, so a reload neither forgets
 * alerts nor notifies again what was notified.
 */
@ApplicationScoped
public class Alerting implements Reloadable {

    private static final Logger LOG = Logger.getLogger(Alerting.class.getName());

    @Override
    public String name() {
        return "rules and Alertmanager configuration";
    }

    /** Used when the configuration file does not exist: every alert goes to one receiver that sends nothing. */
    static final String BUILT_IN_CONFIG = """
            # Fluxtap's built-in Alertmanager configuration (no configuration file was found).
            route:
              receiver: default
            receivers:
              - name: default
            """;

    /** What one successful configuration load built. */
    private record Running(AlertmanagerConfig config, Route route, Inhibitor inhibitor, Dispatcher dispatcher,
                           boolean builtIn) {
    }

    private final AlertingSettings settings;
    private final NotifyMetrics metrics;
    private final AlertingMetrics alertingMetrics;
    private final RealScheduler scheduler;
    private final AlertMarker marker = new AlertMarker();
    private final AlertStore alerts;
    private final Silences silences;
    private final NotificationLog nflog;
    private final RuleManager rules;
    private final ScheduledExecutorService ruleThreads;
    private final ExecutorService fanout;
    private final Instant startedAt;
    private final Object reloadLock = new Object();
    private final List<Scheduler.Cancellable> maintenance = new ArrayList<>();
    private volatile Running running;
    private volatile String alertmanagerError;

    @Inject
    public Alerting(Config config, PromqlQueries promql, SqlQueries sql, RecordSink sink, AlertingMetrics metrics,
                    Instance<StateStore> stateStores, Instance<AlertHistory> histories) {
        this.settings = AlertingSettings.from(config);
        this.scheduler = new RealScheduler(Clock.systemUTC(), "fluxtap-alerting-");
        this.startedAt = scheduler.now();
        StateStore state = stateStores.isResolvable() ? stateStores.get() : null;
        if (state == null) {
            LOG.warning("No state store: silences, the notification log and rule alert states are kept in memory, "
                    + "lost at a restart");
        }
        HistoryRecorder history = histories.isResolvable() ? new HistoryRecorder(histories.get()) : null;
        this.alertingMetrics = metrics;
        this.metrics = history == null ? metrics : metrics.andThen(history);
        this.alerts = new AlertStore(scheduler, () -> running.config().global().resolveTimeout(), marker);
        this.silences = new Silences(scheduler,
                state == null ? new MemorySilenceStore() : new StateStoreSilenceStore(state), settings.retention(), marker);
        this.nflog = new NotificationLog(scheduler,
                state == null ? new MemoryNflogStore() : new StateStoreNflogStore(state), settings.retention());
        this.fanout = Executors.newCachedThreadPool(daemon("fluxtap-notify-"));
        this.ruleThreads = new ScheduledThreadPoolExecutor(1, daemon("fluxtap-rules-"));
        // The Go-template engine with this server's PromQL, so a template's {{ query }} evaluates here.
        RuleTemplates ruleTemplates = new PrometheusRuleTemplates(promql);
        this.rules = new RuleManager(settings.rules(),
                new RuleFileParser(promql, ruleTemplates, settings.rules().nameValidation(), false),
                promql, sql, sink, this::fromRules,
                state == null ? new InMemoryAlertStateStore() : new StateStoreAlertStateStore(state),
                history == null ? AlertStateListener.NONE : history,
                ruleTemplates, ruleThreads, Clock.systemUTC());
    }

    /** Reads the configuration and rule files and starts dispatching and evaluating. */
    public void start() {
        synchronized (reloadLock) {
            Running first = load().orElseGet(() -> build(builtIn(), true));
            running = first;
            first.dispatcher().start(alerts);
            alerts.startGc(settings.alertsGc());
            maintenance.add(scheduler.every(settings.maintenance(), this::maintain));
            rules.reload();
            alertingMetrics.track(rules::lastReloadSuccessful, () -> alertmanagerError == null, rules::groups);
        }
        LOG.info(() -> "Alerting started: Alertmanager configuration " + describe(running) + ", "
                + rules.groups().size() + " rule group(s) from " + settings.rules().ruleFiles());
    }

    /**
     * Reloads the Alertmanager configuration and the rule files; each that fails keeps its previous version running.
     *
     * @return the errors, none when both loaded
     */
    @Override
    public List<String> reload() {
        List<String> errors = new ArrayList<>();
        synchronized (reloadLock) {
            Optional<Running> next = load();
            if (next.isPresent()) {
                Running old = running;
                old.dispatcher().stop();
                running = next.get();
                running.dispatcher().start(alerts);
                LOG.info(() -> "Alertmanager configuration reloaded: " + describe(running));
            } else {
                errors.add(alertmanagerError);
            }
            errors.addAll(rules.reload());
        }
        return errors;
    }

    /** The configuration file read, or empty (with {@link #alertmanagerError} set) when it is bad. */
    private Optional<Running> load() {
        Path file = settings.alertmanagerConfig();
        try {
            Running loaded = build(AlertmanagerConfig.load(file), false);
            alertmanagerError = null;
            return Optional.of(loaded);
        } catch (NoSuchFileException e) {
            LOG.warning(() -> "No Alertmanager configuration at " + file + " (" + AlertingSettings.CONFIG_FILE
                    + "): alerting runs with the built-in one, one receiver that sends nothing");
            alertmanagerError = null;
            return Optional.of(build(builtIn(), true));
        } catch (IOException | RuntimeException e) {
            String message = "loading " + file + " failed: " + e.getMessage();
            LOG.severe(() -> "Loading the Alertmanager configuration failed, the previous one keeps running: "
                    + message);
            alertmanagerError = message;
            return Optional.empty();
        }
    }

    private static AlertmanagerConfig builtIn() {
        return AlertmanagerConfig.parse(BUILT_IN_CONFIG, Path.of("."));
    }

    private Running build(AlertmanagerConfig config, boolean builtIn) {
        Route route = Route.of(config.route());
        Inhibitor inhibitor = Inhibitor.of(config.inhibitRules(), this::currentAlerts);
        Receivers receivers = receivers(config);
        Muter inhibition = (labels, at) -> {
            Optional<Alert> by = inhibitor.inhibitedBy(labels, at);
            marker.setInhibited(labels.fingerprint(), by.map(a -> List.of(fingerprint(a.labels()))).orElse(List.of()));
            return by.isPresent();
        };
        var pipeline = NotificationPipeline.build(receivers, inhibition, silences, config.timeIntervals()::contains,
                nflog, metrics, Backoff.alertmanagerDefault(), scheduler, fanout);
        Dispatcher dispatcher = new Dispatcher(route, pipeline, scheduler, Dispatcher.CLEANUP_INTERVAL);
        return new Running(config, route, inhibitor, dispatcher, builtIn);
    }

    /**
     * The configuration's receivers with their webhook, Slack and PagerDuty senders, rendered with the default
     * templates and the configuration's {@code templates:} files (a template that does not parse fails the load).
     */
    private Receivers receivers(AlertmanagerConfig config) {
        return new ConfiguredReceivers(config, NotificationTemplates.load(config.templates()),
                settings.rules().externalURL());
    }

    private Collection<Alert> currentAlerts() {
        return alerts.list().stream().map(StoredAlert::alert).toList();
    }

    /** Alerts of Fluxtap's own rules, as Prometheus' notifier posts them to an Alertmanager. */
    private void fromRules(List<Alert> fromRules) {
        // Prometheus' notifier adds the external labels an alert does not set before sending it to Alertmanager.
        Map<String, String> external = settings.rules().externalLabels();
        List<Alert> sent = external.isEmpty() ? fromRules : fromRules.stream().map(a -> {
            Labels labels = a.labels();
            for (Map.Entry<String, String> e : external.entrySet()) {
                if (!labels.has(e.getKey())) {
                    labels = labels.with(e.getKey(), e.getValue());
                }
            }
            return labels == a.labels() ? a
                    : new Alert(labels, a.annotations(), a.startsAt(), a.endsAt(), a.generatorURL());
        }).toList();
        countReceived(sent, 0);
        List<String> errors = alerts.post(sent);
        errors.forEach(e -> LOG.warning(() -> "A rule alert was refused: " + e));
    }

    /**
     * Counts alerts by their status on arrival, as Alertmanager's {@code alertmanager_alerts_received_total}, and
     * the ones refused ({@code alertmanager_alerts_invalid_total}).
     */
    public void countReceived(Collection<Alert> posted, int invalid) {
        Instant now = scheduler.now();
        long resolved = posted.stream().filter(a -> a.isResolvedAt(now)).count();
        alertingMetrics.received("firing", posted.size() - resolved);
        alertingMetrics.received("resolved", resolved);
        alertingMetrics.invalid(invalid);
    }

    private void maintain() {
        try {
            silences.gc();
            nflog.gc();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Alerting maintenance failed", e);
        }
    }

    @PreDestroy
    void stop() {
        synchronized (reloadLock) {
            maintenance.forEach(Scheduler.Cancellable::cancel);
            rules.close();
            ruleThreads.shutdownNow();
            alerts.stop();
            if (running != null) {
                running.dispatcher().stop();
            }
            fanout.shutdownNow();
            scheduler.close();
        }
    }

    private static String describe(Running r) {
        return r.builtIn() ? "(built-in)" : r.config().receivers().size() + " receiver(s)";
    }

    /**
     * Alertmanager's {@code setAlertStatus}: asks the silences and the inhibitor, which record it in the marker, and
     * returns the alert's status as the API v2 and the dashboard show it.
     */
    public AlertMarker.Status updateStatus(Labels labels, Instant now) {
        silences.mutes(labels, now);
        Optional<Alert> by = inhibitor().inhibitedBy(labels, now);
        marker.setInhibited(labels.fingerprint(), by.map(a -> List.of(fingerprint(a.labels()))).orElse(List.of()));
        return marker.status(labels.fingerprint());
    }

    /** Alertmanager's fingerprint text, {@code %016x}. */
    public static String fingerprint(Labels labels) {
        return HexFormat.of().toHexDigits(labels.fingerprint());
    }


    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // What the API resources and the health contributor read.

    public AlertStore alerts() {
        return alerts;
    }

    public Silences silences() {
        return silences;
    }

    public AlertMarker marker() {
        return marker;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public RuleManager rules() {
        return rules;
    }

    public AlertmanagerConfig config() {
        return running.config();
    }

    public Route route() {
        return running.route();
    }

    public Inhibitor inhibitor() {
        return running.inhibitor();
    }

    public Dispatcher dispatcher() {
        return running.dispatcher();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Path configFile() {
        return settings.alertmanagerConfig();
    }

    /** The last Alertmanager configuration load's error, or null when it loaded. */
    public String alertmanagerError() {
        return alertmanagerError;
    }

    public boolean builtInConfig() {
        return running.builtIn();
    }

    public List<RuleGroup> ruleGroups() {
        return rules.groups();
    }
}
