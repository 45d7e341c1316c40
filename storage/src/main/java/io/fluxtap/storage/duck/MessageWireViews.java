package io.fluxtap.storage.duck;

import io.fluxtap.api.wire.InvalidWireSpecException;
import io.fluxtap.api.wire.PromotedType;
import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.api.wire.WireSpecReader;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One view per configured wire over {@code active_messages}, named by {@link #viewName(WireSpec)}, with the
 * wire's promoted fields as typed columns, so the seed query runs as written against it:
 * <pre>{@code
 * SELECT bin, currency, SUM(amount) AS total FROM messages_fluxspec_visa_v1
 * WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC;
 * }</pre>
 * Columns: ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level, wire_id, then the promoted
 * columns in spec order, then json. A stored value that does not convert to its column's type (a row kept from
 * before the spec changed the type) reads as NULL rather than failing the query.
 *
 * <p>The wires are the specs of {@code fluxtap.wires.dir}, read by {@link WireSpecReader} as the messages API reads
 * them, so the store has a view for exactly the wires the API accepts messages for.
 * The views are (re)created at start-up from the wire specs; a view of a wire no longer configured is
 * dropped. Each carries the comment {@code fluxtap wire <id>}, which is how the store tells its views from
 * anything else.
 */
@ApplicationScoped
public class MessageWireViews {

    /** The comment every wire view carries, followed by its wire id (the warehouse recreates these views too). */
    public static final String COMMENT_PREFIX = "fluxtap wire ";

    private static final Logger LOG = System.getLogger(MessageWireViews.class.getName());

    private final DuckDbDatabase database;
    private final Map<String, WireSpec> byId;

    @Inject
    public MessageWireViews(DuckDbDatabase database,
                            @ConfigProperty(name = "fluxtap.wires.dir", defaultValue = "conf/wires") String directory) {
        this(database, WireSpecReader.readDirectory(
                WireSpecReader.resolve(directory, System.getProperty("fluxtap.home"))));
    }

    /**
     * @throws io.fluxtap.api.wire.InvalidWireSpecException from the directory's specs, or when two wires would share
     *                                                     a view name
     */
    public MessageWireViews(DuckDbDatabase database, List<WireSpec> wires) {
        this.database = database;
        Map<String, WireSpec> byView = new HashMap<>();
        Map<String, WireSpec> ids = new LinkedHashMap<>();
        for (WireSpec wire : wires) {
            WireSpec clash = byView.putIfAbsent(viewName(wire), wire);
            if (clash != null) {
                throw new InvalidWireSpecException(wire.source(), "wire '" + wire.wireId() + "' would share the view "
                        + viewName(wire) + " with wire '" + clash.wireId() + "' of " + clash.source()
                        + "; rename one of them");
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

    public Optional<WireSpec> wire(String wireId) {
        return Optional.ofNullable(byId.get(wireId));
    }

    /**
     * The wire's view: {@code messages_} and the id in lowercase with every character other than a letter, a
     * digit or '_' replaced by '_', so {@code fluxSpec/visa-v1} reads from {@code messages_fluxspec_visa_v1}.
     */
    public static String viewName(WireSpec wire) {
        return "messages_" + wire.wireId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** The SQL type of a promoted column in the wire's view and in its Parquet files. */
    public static String sqlType(PromotedType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMPTZ";
        };
    }

    /** Creates or replaces the view of every configured wire and drops the views of wires no longer configured. */
    public synchronized void createViews() {
        database.jdbi().useTransaction(handle -> {
            List<String> existing = handle.createQuery("SELECT view_name FROM duckdb_views() "
                            + "WHERE NOT internal AND schema_name = 'main' AND starts_with(comment, :prefix)")
                    .bind("prefix", COMMENT_PREFIX)
                    .mapTo(String.class)
                    .list();
            Set<String> wanted = byId.values().stream().map(MessageWireViews::viewName).collect(Collectors.toSet());
            for (String stale : existing) {
                if (!wanted.contains(stale)) {
                    handle.execute("DROP VIEW " + quote(stale));
                    LOG.log(Level.INFO, "dropped the view {0}: its wire is no longer configured", stale);
                }
            }
            for (WireSpec wire : byId.values()) {
                handle.execute(viewSql(wire));
                handle.execute("COMMENT ON VIEW " + quote(viewName(wire)) + " IS "
                        + literal(COMMENT_PREFIX + wire.wireId()));
            }
        });
        if (!byId.isEmpty()) {
            LOG.log(Level.INFO, "message views: {0}", byId.values().stream()
                    .map(w -> viewName(w) + " (" + w.wireId() + ")").collect(Collectors.joining(", ")));
        }
    }

    /** Names and types come from validated specs (lowercase identifiers, five types); they are quoted all the same. */
    public static String viewSql(WireSpec wire) {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW ").append(quote(viewName(wire)))
                .append(" AS SELECT ts, trace_id, span_id, flux_id, machine_id, entity_name, gear_id, level, wire_id");
        for (WireSpec.Promotion column : wire.promoted()) {
            sql.append(", ").append(promotedValueSql(column)).append(" AS ").append(quote(column.column()));
        }
        return sql.append(", json FROM ").append(ActiveMessagesTable.NAME)
                .append(" WHERE wire_id = ").append(literal(wire.wireId()))
                .toString();
    }

    /**
     * The SQL expression that reads one promoted column, typed, from a row of {@code active_messages} (the
     * warehouse writes the same typed columns into a wire's Parquet files).
     */
    public static String promotedValueSql(WireSpec.Promotion column) {
        String value = "json_extract_string(promoted, " + literal("$.\"" + column.column() + "\"") + ")";
        return column.type() == PromotedType.STRING ? value
                : "TRY_CAST(" + value + " AS " + sqlType(column.type()) + ")";
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
