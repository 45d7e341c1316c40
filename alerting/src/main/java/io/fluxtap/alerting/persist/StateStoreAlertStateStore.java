package io.fluxtap.alerting.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertStateStore;
import io.fluxtap.api.StateStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The rules' alerts as documents of the namespace {@value #NAMESPACE}, one per rule (keyed by group key, alert name
 * and occurrence), a JSON array of its alerts:
 * {@code [{"labels":{…},"annotations":{…},"state":"firing","value":1.5,"activeAt":"…","firedAt":"…",
 * "resolvedAt":null,"lastSentAt":"…","validUntil":"…","keepFiringSince":null}]}. A rule without alerts has no
 * document. They never expire: a rule's document is replaced at each of its evaluations and removed when it has
 * no alerts; one of a rule deleted from the files stays until a rule of that key evaluates again.
 *
 * <p>Groups save every rule after every evaluation, mostly unchanged: the documents are read once (at the first
 * call) and kept here, a save that would write the document already stored writes nothing, and the changed ones
 * of a group go to the store in one {@link StateStore#write} (one DuckDB transaction).
 */
public final class StateStoreAlertStateStore implements AlertStateStore {

    public static final String NAMESPACE = "alerts";
    private static final Logger LOG = Logger.getLogger(StateStoreAlertStateStore.class.getName());

    private final StateStore store;
    private volatile Map<String, String> stored;

    public StateStoreAlertStateStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void save(String groupKey, List<RuleAlerts> rules) {
        Map<String, String> known = stored();
        synchronized (known) {
            List<StateStore.Write> writes = new ArrayList<>();
            Map<String, String> written = new HashMap<>();
            for (RuleAlerts rule : rules) {
                String key = Json.key(groupKey, rule.alertName(), rule.occurrence());
                if (rule.alerts().isEmpty()) {
                    if (known.containsKey(key)) {
                        writes.add(StateStore.Write.delete(key));
                        written.put(key, null);
                    }
                    continue;
                }
                String json = Json.write(write(rule.alerts()));
                if (!json.equals(known.get(key))) {
                    writes.add(StateStore.Write.put(key, json, null));
                    written.put(key, json);
                }
            }
            if (writes.isEmpty()) {
                return;
            }
            store.write(NAMESPACE, writes);
            written.forEach((key, json) -> {
                if (json == null) {
                    known.remove(key);
                } else {
                    known.put(key, json);
                }
            });
        }
    }

    @Override
    public List<AlertInstance> load(String groupKey, String alertName, int occurrence) {
        String key = Json.key(groupKey, alertName, occurrence);
        String json = stored().get(key);
        if (json == null) {
            return List.of();
        }
        try {
            return read(Json.read(json));
        } catch (RuntimeException e) {
            LOG.warning("Not restoring the alerts of " + key + ", which cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    private Map<String, String> stored() {
        Map<String, String> known = stored;
        if (known == null) {
            synchronized (this) {
                if (stored == null) {
                    Map<String, String> loaded = new ConcurrentHashMap<>();
                    for (StateStore.Entry e : store.load(NAMESPACE)) {
                        loaded.put(e.key(), e.json());
                    }
                    stored = loaded;
                }
                known = stored;
            }
        }
        return known;
    }

    static ArrayNode write(List<AlertInstance> alerts) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (AlertInstance a : alerts) {
            ObjectNode node = array.addObject();
            node.set("labels", Json.map(a.labels()));
            node.set("annotations", Json.map(a.annotations()));
            node.put("state", a.state().wireName());
            Json.putDouble(node, "value", a.value());
            Json.putTime(node, "activeAt", a.activeAt());
            Json.putTime(node, "firedAt", a.firedAt());
            Json.putTime(node, "resolvedAt", a.resolvedAt());
            Json.putTime(node, "lastSentAt", a.lastSentAt());
            Json.putTime(node, "validUntil", a.validUntil());
            Json.putTime(node, "keepFiringSince", a.keepFiringSince());
        }
        return array;
    }

    static List<AlertInstance> read(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array of alerts");
        }
        List<AlertInstance> alerts = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            alerts.add(new AlertInstance(Json.mapOf(node, "labels"), Json.mapOf(node, "annotations"),
                    state(Json.text(node, "state")), Json.doubleOf(node, "value"), Json.time(node, "activeAt", true),
                    Json.time(node, "firedAt", false), Json.time(node, "resolvedAt", false),
                    Json.time(node, "lastSentAt", false), Json.time(node, "validUntil", false),
                    Json.time(node, "keepFiringSince", false)));
        }
        return alerts;
    }

    private static AlertState state(String wireName) {
        for (AlertState state : AlertState.values()) {
            if (state.wireName().equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown alert state " + wireName);
    }
}
