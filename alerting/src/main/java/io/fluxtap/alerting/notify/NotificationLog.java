package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notification log (Alertmanager's {@code nflog}): what was last sent per group key and integration, so the
 * {@link DedupStage} sends only what changed and a restart over the same {@link NflogStore} sends nothing twice.
 */
public final class NotificationLog {

    /** Alertmanager's {@code --data.retention} default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(120);

    private record Key(String groupKey, ReceiverKey receiver) {
    }

    private final Scheduler scheduler;
    private final NflogStore store;
    private final Duration retention;
    private final Map<Key, NflogEntry> entries = new ConcurrentHashMap<>();

    public NotificationLog(Scheduler scheduler, NflogStore store, Duration retention) {
        this.scheduler = scheduler;
        this.store = store;
        this.retention = retention;
        for (NflogEntry entry : store.load()) {
            entries.put(new Key(entry.groupKey(), entry.receiver()), entry);
        }
    }

    public Optional<NflogEntry> query(String groupKey, ReceiverKey receiver) {
        return Optional.ofNullable(entries.get(new Key(groupKey, receiver)));
    }

    /**
     * Records a notification sent now, as Alertmanager's {@code Log.Log}: kept for the retention, or for
     * {@code expiry} when that is shorter (the pipeline passes 2 × repeat_interval); an entry stamped after now is
     * left alone.
     */
    public synchronized void log(ReceiverKey receiver, String groupKey, List<Long> firing, List<Long> resolved,
                                 Duration expiry) {
        Instant now = scheduler.now();
        Key key = new Key(groupKey, receiver);
        NflogEntry previous = entries.get(key);
        if (previous != null && previous.timestamp().isAfter(now)) {
            return;
        }
        Instant expiresAt = now.plus(retention);
        if (expiry.isPositive() && retention.compareTo(expiry) > 0) {
            expiresAt = now.plus(expiry);
        }
        NflogEntry entry = new NflogEntry(groupKey, receiver, now, firing, resolved, expiresAt);
        store.save(entry);
        entries.put(key, entry);
    }

    /** Forgets the entries expired now; answers how many went. */
    public synchronized int gc() {
        Instant now = scheduler.now();
        List<Key> gone = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (!entry.expiresAt().isAfter(now)) {
                gone.add(key);
            }
        });
        for (Key key : gone) {
            store.delete(key.groupKey(), key.receiver());
            entries.remove(key);
        }
        return gone.size();
    }

    public List<NflogEntry> entries() {
        return List.copyOf(entries.values());
    }
}
