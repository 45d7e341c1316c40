package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.alerting.notify.NotifyContext;
import io.fluxtap.alerting.notify.NotifyException;
import io.fluxtap.alerting.notify.Stage;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerts of one route with the same group labels, flushed on a timer, as Alertmanager 0.25's {@code aggrGroup}:
 * the first tick group_wait after creation (at once if an alert arrives that started more than group_wait ago and
 * nothing was flushed yet), then every group_interval from the previous tick, whatever arrives in between. A
 * successful flush drops the resolved alerts it notified (unless re-put meanwhile); the dispatcher removes the group
 * once it is empty.
 */
final class AggregationGroup {

    private static final Logger LOG = Logger.getLogger(AggregationGroup.class.getName());
    /** Alertmanager's {@code notify.MinTimeout}: the least time a flush gets to notify. */
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

    private final RouteMatch route;
    private final Labels labels;
    private final String groupKey;
    private final Scheduler scheduler;
    private final Stage pipeline;
    private final Map<Long, StoredAlert> alerts = new LinkedHashMap<>();
    private final Object flushing = new Object();
    private Scheduler.Cancellable next;
    private boolean hasFlushed;
    private boolean stopped;

    AggregationGroup(RouteMatch route, Labels labels, Scheduler scheduler, Stage pipeline) {
        this.route = route;
        this.labels = labels;
        this.groupKey = route.routeKey() + ":" + labels;
        this.scheduler = scheduler;
        this.pipeline = pipeline;
        synchronized (this) {
            next = scheduler.schedule(route.opts().groupWait(), this::tick);
        }
    }

    String groupKey() {
        return groupKey;
    }

    Labels labels() {
        return labels;
    }

    RouteMatch route() {
        return route;
    }

    synchronized void insert(StoredAlert alert) {
        alerts.put(alert.fingerprint(), alert);
        Instant due = alert.alert().startsAt().plus(route.opts().groupWait());
        if (!hasFlushed && !stopped && due.isBefore(scheduler.now())) {
            next.cancel();
            next = scheduler.schedule(Duration.ZERO, this::tick);
        }
    }

    synchronized boolean isEmpty() {
        return alerts.isEmpty();
    }

    synchronized List<StoredAlert> alerts() {
        return List.copyOf(alerts.values());
    }

    synchronized void stop() {
        stopped = true;
        next.cancel();
    }

    private void tick() {
        Instant now;
        synchronized (this) {
            if (stopped) {
                return;
            }
            now = scheduler.now();
            next = scheduler.schedule(route.opts().groupInterval(), this::tick);
            hasFlushed = true;
        }
        // One flush at a time per group, as Alertmanager's run loop; a tick due meanwhile waits for it.
        synchronized (flushing) {
            flush(now);
        }
    }

    private void flush(Instant now) {
        List<StoredAlert> snapshot;
        synchronized (this) {
            if (alerts.isEmpty()) {
                return;
            }
            snapshot = List.copyOf(alerts.values());
        }
        List<Alert> batch = new ArrayList<>(snapshot.size());
        for (StoredAlert stored : snapshot) {
            Alert alert = stored.alert();
            // An alert still firing goes out without its (future) end, so it cannot resolve on the way.
            batch.add(alert.isResolvedAt(now) ? alert
                    : new Alert(alert.labels(), alert.annotations(), alert.startsAt(), null, alert.generatorURL()));
        }
        batch.sort(AlertOrder.ALERTS);
        RouteOpts opts = route.opts();
        Duration timeout = opts.groupInterval().compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : opts.groupInterval();
        NotifyContext context = new NotifyContext(opts.receiver(), groupKey, labels, now, now.plus(timeout),
                opts.repeatInterval(), opts.muteTimeIntervals(), opts.activeTimeIntervals(), null, null);
        try {
            pipeline.exec(context, batch);
        } catch (NotifyException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Notify for alerts failed: group " + groupKey + ", " + batch.size() + " alerts: "
                    + e.getMessage(), e instanceof RuntimeException ? e : null);
            return;
        }
        synchronized (this) {
            for (StoredAlert sent : snapshot) {
                StoredAlert current = alerts.get(sent.fingerprint());
                if (sent.isResolvedAt(now) && current != null && current.updatedAt().equals(sent.updatedAt())) {
                    alerts.remove(sent.fingerprint());
                }
            }
        }
    }
}
