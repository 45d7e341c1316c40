package io.fluxtap.alerting.server;

import io.fluxtap.alerting.notify.NotifyMetrics;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Alerting's MicroProfile metrics (counters get {@code _total} in the exposition, the timer {@code _seconds}):
 * {@code fluxtap_notifications_total{integration,receiver}}, {@code fluxtap_notifications_failed_total{integration,
 * receiver,reason}}, {@code fluxtap_notification_latency_seconds{integration}}, {@code
 * fluxtap_alertmanager_alerts_received_total{status}}, {@code fluxtap_alertmanager_alerts_invalid_total}, the reload
 * gauges {@code fluxtap_rules_config_last_reload_successful} and {@code
 * fluxtap_alertmanager_config_last_reload_successful} (1 or 0), and over the running rule groups {@code
 * fluxtap_rule_groups}, {@code fluxtap_rules{health}}, {@code fluxtap_rule_alerts{state}} and {@code
 * fluxtap_rule_group_last_duration_seconds_max} (the slowest group's last evaluation).
 */
@ApplicationScoped
public class AlertingMetrics implements NotifyMetrics {

    public static final String NOTIFICATIONS = "fluxtap_notifications";
    public static final String NOTIFICATIONS_FAILED = "fluxtap_notifications_failed";
    public static final String NOTIFICATION_LATENCY = "fluxtap_notification_latency";
    public static final String ALERTS_RECEIVED = "fluxtap_alertmanager_alerts_received";
    public static final String ALERTS_INVALID = "fluxtap_alertmanager_alerts_invalid";
    public static final String RULES_RELOAD = "fluxtap_rules_config_last_reload_successful";
    public static final String ALERTMANAGER_RELOAD = "fluxtap_alertmanager_config_last_reload_successful";

    private static final Logger LOG = System.getLogger(AlertingMetrics.class.getName());

    private final MetricRegistry registry;
    private final Map<MetricID, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** For a registry-less use (tests of the wiring outside a container). */
    AlertingMetrics() {
        this.registry = null;
    }

    @Inject
    public AlertingMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges that read the running alerting (called once it is built). */
    void track(BooleanSupplier rulesReloaded, BooleanSupplier alertmanagerReloaded,
               Supplier<List<RuleGroup>> groups) {
        if (registry == null) {
            return;
        }
        try {
            registry.gauge(RULES_RELOAD, () -> rulesReloaded.getAsBoolean() ? 1 : 0);
            registry.gauge(ALERTMANAGER_RELOAD, () -> alertmanagerReloaded.getAsBoolean() ? 1 : 0);
            registry.gauge("fluxtap_rule_groups", () -> groups.get().size());
            for (RuleHealth health : RuleHealth.values()) {
                registry.gauge("fluxtap_rules", () -> groups.get().stream().flatMap(g -> g.rules().stream())
                        .filter(r -> r.status().health() == health).count(), new Tag("health", health.wireName()));
            }
            for (AlertState state : List.of(AlertState.PENDING, AlertState.FIRING)) {
                registry.gauge("fluxtap_rule_alerts", () -> groups.get().stream().flatMap(g -> g.rules().stream())
                        .mapToLong(r -> alerts(r, state)).sum(), new Tag("state", state.wireName()));
            }
            registry.gauge("fluxtap_rule_group_last_duration_seconds_max", () -> groups.get().stream()
                    .mapToDouble(g -> g.status().evaluationTime().toNanos() / 1e9).max().orElse(0));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot register the alerting gauges", e);
        }
    }

    private static long alerts(Rule rule, AlertState state) {
        return rule instanceof AlertingRule a ? a.alerts().stream().filter(i -> i.state() == state).count() : 0;
    }

    /** Alerts posted to the API v2 or sent by a rule, by their status when they arrived. */
    void received(String status, long count) {
        increment(ALERTS_RECEIVED, count, new Tag("status", status));
    }

    void invalid(long count) {
        increment(ALERTS_INVALID, count);
    }

    @Override
    public void notification(String integration, String receiver) {
        increment(NOTIFICATIONS, 1, new Tag("integration", integration), new Tag("receiver", receiver));
    }

    @Override
    public void failed(String integration, String receiver, String reason) {
        increment(NOTIFICATIONS_FAILED, 1, new Tag("integration", integration), new Tag("receiver", receiver),
                new Tag("reason", reason));
    }

    @Override
    public void latency(String integration, String receiver, Duration latency) {
        if (registry == null) {
            return;
        }
        try {
            timers.computeIfAbsent(integration,
                    i -> registry.timer(NOTIFICATION_LATENCY, new Tag("integration", i))).update(latency);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record a notification latency", e);
        }
    }

    /** Counting happens on the notification path, which a failing registry must not break. */
    private void increment(String name, long amount, Tag... tags) {
        if (registry == null || amount == 0) {
            return;
        }
        try {
            counters.computeIfAbsent(new MetricID(name, tags), id -> registry.counter(name, tags)).inc(amount);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot count " + amount + " on metric " + name, e);
        }
    }
}
