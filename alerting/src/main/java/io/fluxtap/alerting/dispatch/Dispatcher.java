package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.alerting.notify.Stage;
import io.fluxtap.alerting.provider.AlertStore;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.api.Labels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alertmanager 0.25's {@code dispatch.Dispatcher}: every alert the store takes is routed through the route tree and
 * put into the aggregation group of each route it matches (one group per route and group labels), whose timers
 * drive the notification pipeline. Empty groups (every alert resolved and notified) are removed at the next
 * cleanup, every 30 s as Alertmanager does: an alert arriving before that joins the old group and its timer.
 *
 * <pre>{@code
 * Dispatcher dispatcher = new Dispatcher(routeTree, pipeline, scheduler, Dispatcher.CLEANUP_INTERVAL);
 * dispatcher.start(alertStore);   // replays the stored alerts, then follows every put
 * ...
 * dispatcher.stop();              // on shutdown or before a reload replaces it
 * }</pre>
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** Alertmanager's fixed interval between removals of empty groups. */
    public static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(30);

    private record GroupId(String routeId, Labels labels) {
    }

    private final AlertRouter router;
    private final Stage pipeline;
    private final Scheduler scheduler;
    private final Duration cleanupInterval;
    private final Map<GroupId, AggregationGroup> groups = new LinkedHashMap<>();
    private AutoCloseable subscription;
    private Scheduler.Cancellable cleanup;
    private boolean stopped;

    public Dispatcher(AlertRouter router, Stage pipeline, Scheduler scheduler, Duration cleanupInterval) {
        this.router = router;
        this.pipeline = pipeline;
        this.scheduler = scheduler;
        this.cleanupInterval = cleanupInterval;
    }

    /** Follows the store (its current alerts first) and starts the cleanup timer. */
    public void start(AlertStore store) {
        synchronized (this) {
            scheduleCleanup();
        }
        AutoCloseable handle = store.subscribe(this::process);
        synchronized (this) {
            subscription = handle;
        }
    }

    /** Stops following the store and every group's timer; notifications under way finish. */
    public void stop() {
        AutoCloseable handle;
        synchronized (this) {
            stopped = true;
            handle = subscription;
            subscription = null;
            if (cleanup != null) {
                cleanup.cancel();
            }
            groups.values().forEach(AggregationGroup::stop);
            groups.clear();
        }
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the alert subscription failed", e);
            }
        }
    }

    private void scheduleCleanup() {
        cleanup = scheduler.schedule(cleanupInterval, () -> {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                removeEmptyGroups();
                scheduleCleanup();
            }
        });
    }

    /** Removes the groups left with no alert; runs every cleanup interval. */
    public synchronized void removeEmptyGroups() {
        for (var it = groups.values().iterator(); it.hasNext(); ) {
            AggregationGroup group = it.next();
            if (group.isEmpty()) {
                group.stop();
                it.remove();
            }
        }
    }

    /** Routes one alert and inserts it into the group of every route it matches (the store calls this on a put). */
    public void process(StoredAlert alert) {
        List<RouteMatch> routes = router.match(alert.alert().labels());
        synchronized (this) {
            if (stopped) {
                return;
            }
            for (RouteMatch route : routes) {
                Labels groupLabels = groupLabels(alert.alert().labels(), route.opts());
                GroupId id = new GroupId(route.routeId(), groupLabels);
                AggregationGroup group = groups.get(id);
                if (group == null) {
                    group = new AggregationGroup(route, groupLabels, scheduler, pipeline);
                    groups.put(id, group);
                }
                group.insert(alert);
            }
        }
    }

    /** Alertmanager's {@code getGroupLabels}: the alert's labels named in group_by (all of them for {@code ...}). */
    static Labels groupLabels(Labels labels, RouteOpts opts) {
        if (opts.groupByAll()) {
            return labels;
        }
        Map<String, String> kept = new TreeMap<>();
        for (Labels.Label label : labels) {
            if (opts.groupBy().contains(label.name())) {
                kept.put(label.name(), label.value());
            }
        }
        return Labels.of(kept);
    }

    /** The number of aggregation groups. */
    public synchronized int groupCount() {
        return groups.size();
    }

    /**
     * Alertmanager's {@code Dispatcher.Groups}: the groups of the routes {@code routeFilter} takes, each with its
     * alerts {@code alertFilter} takes at now (groups left with none are left out), and per alert the receivers of
     * all its groups.
     */
    public AlertGroups groups(Predicate<RouteMatch> routeFilter, BiPredicate<StoredAlert, Instant> alertFilter) {
        List<AggregationGroup> all;
        synchronized (this) {
            all = List.copyOf(groups.values());
        }
        Instant now = scheduler.now();
        List<AlertGroup> result = new ArrayList<>();
        Map<Long, List<String>> receivers = new HashMap<>();
        for (AggregationGroup group : all) {
            if (!routeFilter.test(group.route())) {
                continue;
            }
            String receiver = group.route().opts().receiver();
            List<StoredAlert> kept = new ArrayList<>();
            for (StoredAlert alert : group.alerts()) {
                if (alertFilter.test(alert, now)) {
                    receivers.computeIfAbsent(alert.fingerprint(), fp -> new ArrayList<>()).add(receiver);
                    kept.add(alert);
                }
            }
            if (kept.isEmpty()) {
                continue;
            }
            kept.sort(Comparator.comparing(StoredAlert::alert, AlertOrder.ALERTS));
            result.add(new AlertGroup(group.labels(), receiver, group.groupKey(), group.route().routeId(), kept));
        }
        result.sort(Comparator.comparing(AlertGroup::labels, AlertOrder.LABELS)
                .thenComparing(AlertGroup::receiver));
        receivers.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        return new AlertGroups(result, receivers);
    }
}
