package io.fluxtap.alerting.provider;

import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.api.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The alerts the Alertmanager knows, by fingerprint, as its {@code provider/mem}: a posted alert is merged with the
 * one it replaces when their times overlap ({@link StoredAlert#merge}), every put goes to the subscribers (the
 * dispatcher) in put order, and resolved alerts are collected every GC interval.
 */
public final class AlertStore {

    private final Scheduler scheduler;
    private final Supplier<Duration> resolveTimeout;
    private final AlertMarker marker;
    private final Map<Long, StoredAlert> alerts = new LinkedHashMap<>();
    private final List<Consumer<StoredAlert>> subscribers = new CopyOnWriteArrayList<>();
    private Scheduler.Cancellable gcTask;

    /**
     * @param resolveTimeout the configuration's {@code global.resolve_timeout}, read at each post (it may be reloaded)
     * @param marker         forgets the status of collected alerts
     */
    public AlertStore(Scheduler scheduler, Supplier<Duration> resolveTimeout, AlertMarker marker) {
        this.scheduler = scheduler;
        this.resolveTimeout = resolveTimeout;
        this.marker = marker;
    }

    /**
     * Alerts as the API v2 (or a rule) posts them: each is stamped {@code updatedAt} = now, an alert without
     * {@code endsAt} gets now + resolve_timeout (and is marked as such, so a real end given later wins), then the
     * valid ones are {@link #put}, as Alertmanager makes a best effort with the valid alerts of a request.
     *
     * @return one message per alert refused (its end, given or guessed, before its start); empty when all were taken
     */
    public List<String> post(Collection<Alert> posted) {
        Instant now = scheduler.now();
        Duration timeout = resolveTimeout.get();
        List<StoredAlert> stamped = new ArrayList<>(posted.size());
        List<String> errors = new ArrayList<>();
        for (Alert alert : posted) {
            if (alert.endsAt() != null) {
                stamped.add(new StoredAlert(alert, now, false));
                continue;
            }
            Instant endsAt = now.plus(timeout);
            if (endsAt.isBefore(alert.startsAt())) {
                // Alertmanager's types.Alert.Validate message.
                errors.add("start time must be before end time");
                continue;
            }
            stamped.add(new StoredAlert(new Alert(alert.labels(), alert.annotations(), alert.startsAt(), endsAt,
                    alert.generatorURL()), now, true));
        }
        put(stamped);
        return errors;
    }

    /**
     * Stores alerts as Alertmanager's {@code Alerts.Put}: an alert replaces the stored one of its fingerprint, merged
     * with it only when the new one starts or ends inside the old one's span; each result goes to every subscriber.
     */
    public synchronized void put(Collection<StoredAlert> incoming) {
        Instant now = scheduler.now();
        for (StoredAlert alert : incoming) {
            StoredAlert old = alerts.get(alert.fingerprint());
            if (old != null && overlaps(old.alert(), alert.alert())) {
                alert = old.merge(alert, now);
            }
            alerts.put(alert.fingerprint(), alert);
            for (Consumer<StoredAlert> subscriber : subscribers) {
                subscriber.accept(alert);
            }
        }
    }

    private static boolean overlaps(Alert old, Alert alert) {
        return (StoredAlert.after(alert.endsAt(), old.startsAt()) && before(alert.endsAt(), old.endsAt()))
                || (alert.startsAt().isAfter(old.startsAt()) && before(alert.startsAt(), old.endsAt()));
    }

    // Go's zero time (null) is before every real time.
    private static boolean before(Instant a, Instant b) {
        if (b == null) {
            return false;
        }
        return a == null || a.isBefore(b);
    }

    public synchronized Optional<StoredAlert> get(long fingerprint) {
        return Optional.ofNullable(alerts.get(fingerprint));
    }

    /** Every stored alert, resolved ones not yet collected included. */
    public synchronized List<StoredAlert> list() {
        return List.copyOf(alerts.values());
    }

    /**
     * Calls {@code subscriber} with every stored alert now, then with every alert put from now on (on the putting
     * thread, in put order), until the returned handle is closed.
     */
    public synchronized AutoCloseable subscribe(Consumer<StoredAlert> subscriber) {
        alerts.values().forEach(subscriber);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Removes the alerts resolved now and forgets their marker status; answers how many went. */
    public synchronized int gc() {
        Instant now = scheduler.now();
        int removed = 0;
        for (var it = alerts.values().iterator(); it.hasNext(); ) {
            StoredAlert alert = it.next();
            if (alert.isResolvedAt(now)) {
                it.remove();
                marker.delete(alert.fingerprint());
                removed++;
            }
        }
        return removed;
    }

    /** Runs {@link #gc} every {@code interval} (Alertmanager's {@code --alerts.gc-interval}, 30m) until {@link #stop}. */
    public synchronized void startGc(Duration interval) {
        stop();
        gcTask = scheduler.every(interval, this::gc);
    }

    public synchronized void stop() {
        if (gcTask != null) {
            gcTask.cancel();
            gcTask = null;
        }
    }
}
