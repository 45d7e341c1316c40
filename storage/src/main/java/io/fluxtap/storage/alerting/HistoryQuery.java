package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.EpochMicros;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the views {@code alert_history} and {@code notification_history} (hot table and warehouse files) newest
 * first, a page at a time. Column filters are SQL; label matchers are applied in Java to rows read in batches, so a
 * page may read more rows than it returns, but never more than {@link #MAX_SCANNED}: a page that reaches that
 * bound ends early, with a cursor after the last row it read, so a matcher that matches nothing cannot make one
 * request read the whole history.
 */
@ApplicationScoped
public class HistoryQuery {

    static final int MAX_SCANNED = 100_000;
    private static final int BATCH = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DuckDbDatabase database;

    @Inject
    public HistoryQuery(DuckDbDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * @param from   inclusive, null for no bound
     * @param to     exclusive, null for no bound
     * @param rule   the rule's name, null for all
     * @param states the states entered ({@code to_state}), empty for all
     */
    record AlertFilter(Instant from, Instant to, String rule, Set<String> states, LabelFilter labels) {
    }

    /** Null fields match everything. */
    record NotificationFilter(Instant from, Instant to, String receiver, String integration, String status) {
    }

    /** @param next null when nothing older matches */
    record Page(List<ObjectNode> items, HistoryCursor next) {
    }

    Page alerts(AlertFilter filter, HistoryCursor cursor, int limit) {
        Where where = new Where(filter.from(), filter.to());
        if (filter.rule() != null) {
            where.add("rule_name = :rule", "rule", filter.rule());
        }
        if (!filter.states().isEmpty()) {
            List<String> names = new ArrayList<>();
            int i = 0;
            for (String state : filter.states()) {
                names.add(":state" + i);
                where.binds.put("state" + i++, state);
            }
            where.clauses.add("to_state IN (" + String.join(", ", names) + ")");
        }
        String select = "SELECT epoch_us(ts) AS ts_us, id, rule_file, rule_group, rule_name, fingerprint, "
                + "CAST(to_json(labels) AS VARCHAR) AS labels_json, CAST(to_json(annotations) AS VARCHAR) AS annotations_json, "
                + "from_state, to_state, value FROM alert_history";
        return page(select, where, cursor, limit, filter.labels(), rs -> {
            ObjectNode node = JSON.createObjectNode();
            node.put("ts", EpochMicros.toInstant(rs.getLong("ts_us")).toString());
            node.put("rule_file", rs.getString("rule_file"));
            node.put("rule_group", rs.getString("rule_group"));
            node.put("rule", rs.getString("rule_name"));
            node.put("fingerprint", rs.getString("fingerprint"));
            node.set("labels", parse(rs.getString("labels_json")));
            node.set("annotations", parse(rs.getString("annotations_json")));
            node.put("from", rs.getString("from_state"));
            node.put("to", rs.getString("to_state"));
            double value = rs.getDouble("value");
            if (rs.wasNull() || !Double.isFinite(value)) {
                node.putNull("value");
            } else {
                node.put("value", value);
            }
            return node;
        });
    }

    Page notifications(NotificationFilter filter, HistoryCursor cursor, int limit) {
        Where where = new Where(filter.from(), filter.to());
        if (filter.receiver() != null) {
            where.add("receiver = :receiver", "receiver", filter.receiver());
        }
        if (filter.integration() != null) {
            where.add("integration = :integration", "integration", filter.integration());
        }
        if (filter.status() != null) {
            where.add("status = :status", "status", filter.status());
        }
        String select = "SELECT epoch_us(ts) AS ts_us, id, receiver, integration, integration_index, group_key, "
                + "CAST(to_json(group_labels) AS VARCHAR) AS group_labels_json, CAST(alerts AS VARCHAR) AS alerts_json, "
                + "status, http_status, latency_ms, error, attempt FROM notification_history";
        return page(select, where, cursor, limit, LabelFilter.ALL, rs -> {
            ObjectNode node = JSON.createObjectNode();
            node.put("ts", EpochMicros.toInstant(rs.getLong("ts_us")).toString());
            node.put("receiver", rs.getString("receiver"));
            node.put("integration", rs.getString("integration"));
            node.put("integration_index", rs.getInt("integration_index"));
            node.put("group_key", rs.getString("group_key"));
            node.set("group_labels", parse(rs.getString("group_labels_json")));
            node.set("alerts", parse(rs.getString("alerts_json")));
            node.put("status", rs.getString("status"));
            int http = rs.getInt("http_status");
            if (rs.wasNull()) {
                node.putNull("http_status");
            } else {
                node.put("http_status", http);
            }
            node.put("latency_ms", rs.getDouble("latency_ms"));
            node.put("error", rs.getString("error"));
            node.put("attempt", rs.getInt("attempt"));
            return node;
        });
    }

    private interface RowMapper {
        ObjectNode map(ResultSet rs) throws SQLException;
    }

    private record Row(long tsMicros, long id, ObjectNode node) {
    }

    /** The WHERE of a history query: a time range, then filters, then the cursor. */
    private static final class Where {
        final List<String> clauses = new ArrayList<>();
        final Map<String, Object> binds = new LinkedHashMap<>();

        Where(Instant from, Instant to) {
            if (from != null) {
                add("ts >= make_timestamptz(:from)", "from", EpochMicros.of(from));
            }
            if (to != null) {
                add("ts < make_timestamptz(:to)", "to", EpochMicros.of(to));
            }
        }

        void add(String clause, String name, Object value) {
            clauses.add(clause);
            binds.put(name, value);
        }

        String sql(HistoryCursor cursor) {
            List<String> all = new ArrayList<>(clauses);
            if (cursor != null) {
                all.add("(ts < make_timestamptz(:cts) OR (ts = make_timestamptz(:cts) AND id < :cid))");
            }
            return all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
        }
    }

    private Page page(String select, Where where, HistoryCursor cursor, int limit, LabelFilter labels,
                      RowMapper mapper) {
        List<Row> kept = new ArrayList<>();
        int batch = labels.isAll() ? limit + 1 : Math.max(BATCH, limit + 1);
        HistoryCursor position = cursor;
        int scanned = 0;
        while (true) {
            HistoryCursor at = position;
            String sql = select + where.sql(at) + " ORDER BY ts DESC, id DESC LIMIT " + batch;
            List<Row> rows = database.query(h -> {
                var query = h.createQuery(sql).bindMap(where.binds);
                if (at != null) {
                    query.bind("cts", at.tsMicros()).bind("cid", at.id());
                }
                return query.map((rs, ctx) -> new Row(rs.getLong("ts_us"), rs.getLong("id"), mapper.map(rs))).list();
            });
            for (Row row : rows) {
                scanned++;
                position = new HistoryCursor(row.tsMicros(), row.id());
                if (labels.matches(labelsOf(row.node()))) {
                    kept.add(row);
                    if (kept.size() > limit) {
                        Row last = kept.get(limit - 1);
                        return new Page(items(kept.subList(0, limit)), new HistoryCursor(last.tsMicros(), last.id()));
                    }
                }
            }
            if (rows.size() < batch) {
                return new Page(items(kept), null);
            }
            if (scanned >= MAX_SCANNED) {
                return new Page(items(kept), position);
            }
        }
    }

    private static Map<String, String> labelsOf(ObjectNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<ObjectNode> items(List<Row> rows) {
        return rows.stream().map(Row::node).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? JSON.nullNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the history holds JSON DuckDB wrote, which did not parse: " + json, e);
        }
    }
}
