package io.fluxtap.alerting.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.SilenceStore;
import io.fluxtap.api.StateStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Silences as documents of the namespace {@value #NAMESPACE}, keyed by id, expiring when the stored silence may be
 * forgotten: {@code {"id":"…","matchers":[{"type":"=~","name":"job","value":"api|db"}],"startsAt":"…","endsAt":"…",
 * "updatedAt":"…","createdBy":"ops","comment":"maintenance"}} (type is the operator: =, !=, =~, !~).
 */
public final class StateStoreSilenceStore implements SilenceStore {

    public static final String NAMESPACE = "silences";
    private static final Logger LOG = Logger.getLogger(StateStoreSilenceStore.class.getName());

    private final StateStore store;

    public StateStoreSilenceStore(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Collection<Stored> load() {
        List<Stored> silences = new ArrayList<>();
        for (StateStore.Entry e : store.load(NAMESPACE)) {
            try {
                silences.add(new Stored(read(Json.read(e.json())), e.expiresAt()));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping silence " + e.key() + " that cannot be read: " + ex.getMessage());
            }
        }
        return silences;
    }

    @Override
    public void save(Stored stored) {
        Silence silence = stored.silence();
        if (silence.id().isEmpty()) {
            throw new IllegalArgumentException("a silence is stored with its id");
        }
        store.put(NAMESPACE, silence.id(), Json.write(write(silence)), stored.expiresAt());
    }

    @Override
    public void delete(String id) {
        store.delete(NAMESPACE, id);
    }

    static ObjectNode write(Silence silence) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", silence.id());
        ArrayNode matchers = node.putArray("matchers");
        for (Matcher m : silence.matchers()) {
            matchers.addObject().put("type", m.type().operator()).put("name", m.name()).put("value", m.value());
        }
        Json.putTime(node, "startsAt", silence.startsAt());
        Json.putTime(node, "endsAt", silence.endsAt());
        Json.putTime(node, "updatedAt", silence.updatedAt());
        node.put("createdBy", silence.createdBy());
        node.put("comment", silence.comment());
        return node;
    }

    static Silence read(JsonNode node) {
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : node.path("matchers")) {
            matchers.add(new Matcher(type(Json.text(m, "type")), Json.text(m, "name"), Json.text(m, "value")));
        }
        return new Silence(Json.text(node, "id"), matchers, Json.time(node, "startsAt", true),
                Json.time(node, "endsAt", true), Json.time(node, "updatedAt", false), Json.text(node, "createdBy"),
                Json.text(node, "comment"));
    }

    private static Matcher.Type type(String operator) {
        for (Matcher.Type type : Matcher.Type.values()) {
            if (type.operator().equals(operator)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown matcher operator " + operator);
    }
}
