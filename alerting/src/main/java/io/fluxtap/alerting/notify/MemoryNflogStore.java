package io.fluxtap.alerting.notify;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Notification log entries in memory only: for tests, where a "restart" is a new log over the same store. */
public final class MemoryNflogStore implements NflogStore {

    private record Key(String groupKey, ReceiverKey receiver) {
    }

    private final Map<Key, NflogEntry> entries = new ConcurrentHashMap<>();

    @Override
    public Collection<NflogEntry> load() {
        return List.copyOf(entries.values());
    }

    @Override
    public void save(NflogEntry entry) {
        entries.put(new Key(entry.groupKey(), entry.receiver()), entry);
    }

    @Override
    public void delete(String groupKey, ReceiverKey receiver) {
        entries.remove(new Key(groupKey, receiver));
    }
}
