package io.fluxtap.storage.duck;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One view per configured wire over {@code active_messages}, named by {@link WireColumns#viewName()}, with the
 * wire's promoted fields as typed columns, so the seed query runs as written against it:
 * <pre>{@code
 * SELECT bin, currency, SUM(amount) AS total FROM messages_fluxspec_visa_v1
 * WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC;
 * }</pre>
 * Columns: ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level, wire_id, then the promoted
 * columns in spec order, then json. A stored value that does not convert to its column's type (a row kept from
 * before the spec changed the type) reads as NULL rather than failing the query.
 *
 * <p>The views are (re)created at start-up from the wire specs; a view of a wire no longer configured is
 * dropped. Each carries the comment {@code fluxtap wire <id>}, which is how the store tells its views from
 * anything else.
 */
@ApplicationScoped
public class MessageWireViews {

    /** The comment every wire view carries, followed by its wire id (the warehouse recreates these views too). */
    public static final String COMMENT_PREFIX = "fluxtap wire ";

    private static final Logger LOG = System.getLogger(MessageWireViews.class.getName());

    private final DuckDbDatabase database;
    private final Map<String, WireColumns> byId;

    @Inject
    public MessageWireViews(DuckDbDatabase database,
                            @ConfigProperty(name = "fluxtap.wires.dir", defaultValue = "conf/wires") String directory) {
        this(database, WireSpecFiles.read(WireSpecFiles.resolve(directory, System.getProperty("fluxtap.home"))));
    }

    /** @throws IllegalStateException when two wires would share a view name */
    public MessageWireViews(DuckDbDatabase database, List<WireColumns> wires) {
        this.database = database;
        Map<String, WireColumns> byView = new HashMap<>();
        Map<String, WireColumns> ids = new LinkedHashMap<>();
        for (WireColumns wire : wires) {
            WireColumns clash = byView.putIfAbsent(wire.viewName(), wire);
            if (clash != null) {
                throw new IllegalStateException("wire spec " + wire.source() + ": wire '" + wire.wireId()
                        + "' would share the view " + wire.viewName() + " with wire '" + clash.wireId() + "' of "
                        + clash.source() + "; rename one of them");
            }
            ids.put(wire.wireId(), wire);
        }
        this.byId = ids;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        createViews();
    }

    /** The configured wires, by id. */
    public Set<String> wireIds() {
        return byId.keySet();
    }

    public Optional<WireColumns> wire(String wireId) {
        return Optional.ofNullable(byId.get(wireId));
    }

    /** Creates or replaces the view of every configured wire and drops the views of wires no longer configured. */
    public synchronized void createViews() {
        database.jdbi().useTransaction(handle -> {
            List<String> existing = handle.createQuery("SELECT view_name FROM duckdb_views() "
                            + "WHERE NOT internal AND schema_name = 'main' AND starts_with(comment, :prefix)")
                    .bind("prefix", COMMENT_PREFIX)
                    .mapTo(String.class)
                    .list();
            Set<String> wanted = byId.values().stream().map(WireColumns::viewName).collect(Collectors.toSet());
            for (String stale : existing) {
                if (!wanted.contains(stale)) {
                    handle.execute("DROP VIEW " + quote(stale));
                    LOG.log(Level.INFO, "dropped the view {0}: its wire is no longer configured", stale);
                }
            }
            for (WireColumns wire : byId.values()) {
                handle.execute(viewSql(wire));
                handle.execute("COMMENT ON VIEW " + quote(wire.viewName()) + " IS "
                        + literal(COMMENT_PREFIX + wire.wireId()));
            }
        });
        if (!byId.isEmpty()) {
            LOG.log(Level.INFO, "message views: {0}", byId.values().stream()
                    .map(w -> w.viewName() + " (" + w.wireId() + ")").collect(Collectors.joining(", ")));
        }
    }

    /** Names and types come from validated specs (lowercase identifiers, five types); they are quoted all the same. */
    public static String viewSql(WireColumns wire) {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW ").append(quote(wire.viewName()))
                .append(" AS SELECT ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level, wire_id");
        for (WireColumns.Column column : wire.columns()) {
            sql.append(", ").append(promotedValueSql(column)).append(" AS ").append(quote(column.name()));
        }
        return sql.append(", json FROM ").append(ActiveMessagesTable.NAME)
                .append(" WHERE wire_id = ").append(literal(wire.wireId()))
                .toString();
    }

    /**
     * The SQL expression that reads one promoted column, typed, from a row of {@code active_messages} (the
     * warehouse writes the same typed columns into a wire's Parquet files).
     */
    public static String promotedValueSql(WireColumns.Column column) {
        String value = "json_extract_string(promoted, " + literal("$.\"" + column.name() + "\"") + ")";
        return column.type() == WireColumns.Type.STRING ? value
                : "TRY_CAST(" + value + " AS " + column.type().sqlType() + ")";
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
