package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.clock.VirtualScheduler;
import io.fluxtap.alerting.notify.Backoff;
import io.fluxtap.alerting.notify.Integration;
import io.fluxtap.alerting.notify.MemoryNflogStore;
import io.fluxtap.alerting.notify.Muter;
import io.fluxtap.alerting.notify.NflogStore;
import io.fluxtap.alerting.notify.NotificationLog;
import io.fluxtap.alerting.notify.NotificationPipeline;
import io.fluxtap.alerting.notify.NotifyMetrics;
import io.fluxtap.alerting.notify.Receivers;
import io.fluxtap.alerting.notify.TimeIntervalLookup;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.AlertStore;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A dispatcher over a virtual clock, with receivers whose one webhook-like integration records what it gets. */
final class Harness {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One delivered notification as a receiver saw it. */
    record Sent(Duration at, String receiver, String groupKey, Labels groupLabels, List<String> firing,
                List<String> resolved) {
    }

    final VirtualScheduler scheduler = new VirtualScheduler(T0);
    final AlertMarker marker = new AlertMarker();
    final AlertStore store = new AlertStore(scheduler, () -> Duration.ofDays(1), marker);
    final List<Sent> sent = new ArrayList<>();
    final Map<String, Boolean> sendResolved;
    NotificationLog nflog;
    Dispatcher dispatcher;

    /** @param sendResolved per receiver name, its integration's send_resolved */
    Harness(AlertRouter router, Map<String, Boolean> sendResolved, Muter inhibitor, Muter silencer,
            NflogStore nflogStore) {
        this.sendResolved = sendResolved;
        start(router, inhibitor, silencer, nflogStore);
    }

    Harness(AlertRouter router, Map<String, Boolean> sendResolved) {
        this(router, sendResolved, (l, t) -> false, (l, t) -> false, new MemoryNflogStore());
    }

    /** (Re)starts the dispatcher and pipeline, as a restart over the same stores does. */
    void start(AlertRouter router, Muter inhibitor, Muter silencer, NflogStore nflogStore) {
        nflog = new NotificationLog(scheduler, nflogStore, NotificationLog.DEFAULT_RETENTION);
        Receivers receivers = new Receivers() {
            @Override
            public Set<String> names() {
                return sendResolved.keySet();
            }

            @Override
            public List<Integration> integrations(String receiver) {
                Notifier recorder = (context, alerts) -> {
                    sent.add(new Sent(Duration.between(T0, context.now()), context.receiver(), context.groupKey(),
                            context.groupLabels(), instances(alerts, context.now(), Alert.Status.FIRING),
                            instances(alerts, context.now(), Alert.Status.RESOLVED)));
                    return Notifier.Outcome.delivered();
                };
                return List.of(new Integration("webhook", 0, recorder, sendResolved.get(receiver)));
            }
        };
        var pipeline = NotificationPipeline.build(receivers, inhibitor, silencer, TimeIntervalLookup.NONE, nflog,
                NotifyMetrics.NONE, Backoff.exact(Duration.ofMillis(500), 1.5, Duration.ofSeconds(60)), scheduler,
                Runnable::run);
        dispatcher = new Dispatcher(router, pipeline, scheduler, Dispatcher.CLEANUP_INTERVAL);
        dispatcher.start(store);
    }

    private static List<String> instances(List<Alert> alerts, Instant now, Alert.Status status) {
        return alerts.stream().filter(a -> a.status(now) == status).map(a -> a.labels().get("instance"))
                .collect(Collectors.toList());
    }

    /** Posts a firing alert (no end: resolve_timeout applies) that started at T0 + {@code startedAt}. */
    void fire(String alertname, String instance, Duration startedAt, String... moreLabels) {
        store.post(List.of(new Alert(labels(alertname, instance, moreLabels), Labels.EMPTY, T0.plus(startedAt),
                null, "")));
    }

    /** Posts the alert as resolved now. */
    void resolve(String alertname, String instance, Duration startedAt, String... moreLabels) {
        store.post(List.of(new Alert(labels(alertname, instance, moreLabels), Labels.EMPTY, T0.plus(startedAt),
                scheduler.now(), "")));
    }

    static Labels labels(String alertname, String instance, String... more) {
        Labels labels = Labels.of("alertname", alertname, "instance", instance);
        for (int i = 0; i < more.length; i += 2) {
            labels = labels.with(more[i], more[i + 1]);
        }
        return labels;
    }

    /** Moves the virtual clock to T0 + {@code at}, running every timer due on the way. */
    void at(Duration at) {
        scheduler.advanceTo(T0.plus(at));
    }

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    static RouteOpts opts(String receiver, Set<String> groupBy, boolean groupByAll, Duration wait,
                          Duration interval, Duration repeat) {
        return new RouteOpts(receiver, groupBy, groupByAll, wait, interval, repeat, List.of(), List.of());
    }
}
