package io.fluxtap.alerting.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.alerting.notify.NflogEntry;
import io.fluxtap.alerting.notify.NflogStore;
import io.fluxtap.alerting.notify.ReceiverKey;
import io.fluxtap.api.StateStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The notification log's entries as documents of the namespace {@value #NAMESPACE}, keyed by group key and receiver
 * key, expiring when the entry does:
 * {@code {"groupKey":"{}:{a=\"b\"}","receiver":{"receiver":"team","integration":"webhook","index":0},
 * "timestamp":"2026-11-22T10:00:00.123456789Z","firing":[-6844468519046850215],"resolved":[],
 * "expiresAt":"2026-11-27T10:00:00Z"}}.
 */
public final class StateStoreNflogStore implements NflogStore {

    public static final String NAMESPACE = "nflog";
    private static final Logger LOG = Logger.getLogger(StateStoreNflogStore.class.getName());

    private final StateStore store;

    public StateStoreNflogStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Collection<NflogEntry> load() {
        List<NflogEntry> entries = new ArrayList<>();
        for (StateStore.Entry e : store.load(NAMESPACE)) {
            try {
                entries.add(read(Json.read(e.json())));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping notification log entry " + e.key() + " that cannot be read: " + ex.getMessage());
            }
        }
        return entries;
    }

    @Override
    public void save(NflogEntry entry) {
        store.put(NAMESPACE, key(entry.groupKey(), entry.receiver()), Json.write(write(entry)), entry.expiresAt());
    }

    @Override
    public void delete(String groupKey, ReceiverKey receiver) {
        store.delete(NAMESPACE, key(groupKey, receiver));
    }

    static String key(String groupKey, ReceiverKey receiver) {
        return Json.key(groupKey, receiver.receiver(), receiver.integration(), receiver.index());
    }

    static ObjectNode write(NflogEntry entry) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("groupKey", entry.groupKey());
        ObjectNode receiver = node.putObject("receiver");
        receiver.put("receiver", entry.receiver().receiver());
        receiver.put("integration", entry.receiver().integration());
        receiver.put("index", entry.receiver().index());
        Json.putTime(node, "timestamp", entry.timestamp());
        ArrayNode firing = node.putArray("firing");
        entry.firing().forEach(firing::add);
        ArrayNode resolved = node.putArray("resolved");
        entry.resolved().forEach(resolved::add);
        Json.putTime(node, "expiresAt", entry.expiresAt());
        return node;
    }

    static NflogEntry read(JsonNode node) {
        JsonNode receiver = node.path("receiver");
        return new NflogEntry(Json.text(node, "groupKey"),
                new ReceiverKey(Json.text(receiver, "receiver"), Json.text(receiver, "integration"),
                        receiver.path("index").asInt()),
                Json.time(node, "timestamp", true), fingerprints(node.path("firing")),
                fingerprints(node.path("resolved")), Json.time(node, "expiresAt", true));
    }

    private static List<Long> fingerprints(JsonNode array) {
        List<Long> out = new ArrayList<>(array.size());
        for (JsonNode fp : array) {
            if (!fp.canConvertToLong()) {
                throw new IllegalArgumentException("a fingerprint is a 64-bit integer, was " + fp);
            }
            out.add(fp.asLong());
        }
        return out;
    }
}
