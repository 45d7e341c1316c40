package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.AlertHistory;
import io.fluxtap.api.StoreException;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Objects;

/**
 * The {@link AlertHistory} port over {@code active_alert_history} and {@code active_notification_history}
 * (migration V10): one auto-committed INSERT per record. Each record gets an id one above the highest either tier
 * holds (read from the views once, at the first record), so records of the same microsecond keep a stable order
 * for the API's cursor; writes are serialized, which the ids need anyway.
 */
@ApplicationScoped
public class DuckDbAlertHistory implements AlertHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAP = "CAST(CAST(:%s AS JSON) AS MAP(VARCHAR, VARCHAR))";

    private final DuckDbDatabase database;
    private long lastStateChangeId = -1;
    private long lastAttemptId = -1;

    @Inject
    public DuckDbAlertHistory(DuckDbDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public synchronized void record(StateChange change) {
        try {
            if (lastStateChangeId < 0) {
                lastStateChangeId = maxId("alert_history");
            }
            long id = lastStateChangeId + 1;
            database.query(h -> h.createUpdate("INSERT INTO active_alert_history (ts, id, rule_file, rule_group, "
                            + "rule_name, fingerprint, labels, annotations, from_state, to_state, value) VALUES "
                            + "(make_timestamptz(:ts), :id, :file, :group, :rule, :fingerprint, " + MAP.formatted("labels")
                            + ", " + MAP.formatted("annotations") + ", :from, :to, :value)")
                    .bind("ts", EpochMicros.of(change.ts())).bind("id", id)
                    .bind("file", change.ruleFile()).bind("group", change.ruleGroup()).bind("rule", change.ruleName())
                    .bind("fingerprint", String.format("%016x", change.fingerprint()))
                    .bind("labels", json(change.labels())).bind("annotations", json(change.annotations()))
                    .bind("from", change.from().wireName()).bind("to", change.to().wireName())
                    .bind("value", change.value())
                    .execute());
            lastStateChangeId = id;
        } catch (RuntimeException e) {
            throw new StoreException("alert history: cannot record a state change of " + change.ruleName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void record(NotificationAttempt attempt) {
        try {
            if (lastAttemptId < 0) {
                lastAttemptId = maxId("notification_history");
            }
            long id = lastAttemptId + 1;
            database.query(h -> h.createUpdate("INSERT INTO active_notification_history (ts, id, receiver, "
                            + "integration, integration_index, group_key, group_labels, alerts, status, http_status, "
                            + "latency_ms, error, attempt) VALUES (make_timestamptz(:ts), :id, :receiver, :integration, "
                            + ":index, :groupKey, " + MAP.formatted("groupLabels") + ", :alerts, :status, :http, "
                            + ":latency, :error, :attempt)")
                    .bind("ts", EpochMicros.of(attempt.ts())).bind("id", id)
                    .bind("receiver", attempt.receiver()).bind("integration", attempt.integration())
                    .bind("index", attempt.integrationIndex()).bind("groupKey", attempt.groupKey())
                    .bind("groupLabels", json(attempt.groupLabels())).bind("alerts", alertsJson(attempt))
                    .bind("status", attempt.status().wireName())
                    .bind("http", attempt.httpStatus() == 0 ? null : attempt.httpStatus())
                    .bind("latency", attempt.latency().toNanos() / 1e6)
                    .bind("error", attempt.error()).bind("attempt", attempt.attempt())
                    .execute());
            lastAttemptId = id;
        } catch (RuntimeException e) {
            throw new StoreException("notification history: cannot record an attempt for " + attempt.receiver()
                    + ": " + e.getMessage(), e);
        }
    }

    private long maxId(String view) {
        return database.query(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM " + view)
                .mapTo(Long.class).one());
    }

    private static String alertsJson(NotificationAttempt attempt) {
        ArrayNode alerts = JSON.createArrayNode();
        for (NotifiedAlert alert : attempt.alerts()) {
            ObjectNode node = alerts.addObject();
            node.put("fingerprint", String.format("%016x", alert.fingerprint()));
            node.put("status", alert.status());
            ObjectNode labels = node.putObject("labels");
            alert.labels().forEach(labels::put);
        }
        return alerts.toString();
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map always writes as JSON", e);
        }
    }
}
