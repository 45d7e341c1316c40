package io.fluxtap.alerting.rules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AlertStateStore} in memory: survives a reload of the rule files, not a restart of the process. */
public final class InMemoryAlertStateStore implements AlertStateStore {

    private record Key(String groupKey, String alertName, int occurrence) {
    }

    private final Map<Key, List<AlertInstance>> alerts = new ConcurrentHashMap<>();

    @Override
    public void save(String groupKey, List<RuleAlerts> rules) {
        for (RuleAlerts rule : rules) {
            Key key = new Key(groupKey, rule.alertName(), rule.occurrence());
            if (rule.alerts().isEmpty()) {
                alerts.remove(key);
            } else {
                alerts.put(key, rule.alerts());
            }
        }
    }

    @Override
    public List<AlertInstance> load(String groupKey, String alertName, int occurrence) {
        return alerts.getOrDefault(new Key(groupKey, alertName, occurrence), List.of());
    }
}
