package io.fluxtap.alerting.server;

import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertStateStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule alert state kept for the process only: what the server uses until a persistent {@link AlertStateStore} bean
 * is there. Alerts still survive a reload through it (a new group restores what the old one saved).
 */
final class MemoryAlertStateStore implements AlertStateStore {

    private record Key(String group, String alert, int occurrence) {
    }

    private final Map<Key, List<AlertInstance>> saved = new ConcurrentHashMap<>();

    @Override
    public void save(String groupKey, String alertName, int occurrence, List<AlertInstance> alerts) {
        Key key = new Key(groupKey, alertName, occurrence);
        if (alerts.isEmpty()) {
            saved.remove(key);
        } else {
            saved.put(key, List.copyOf(alerts));
        }
    }

    @Override
    public List<AlertInstance> load(String groupKey, String alertName, int occurrence) {
        return saved.getOrDefault(new Key(groupKey, alertName, occurrence), List.of());
    }
}
