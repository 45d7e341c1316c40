package io.fluxtap.ui.metrics;

import io.fluxtap.api.StateStore;
import io.fluxtap.ui.chart.ChartUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Dashboards as JSON documents in api's {@link StateStore}, namespace {@value #NAMESPACE}, one per dashboard under
 * its id: {@code {"name": "...", "panels": [{"title": "...", "query": "...", "unit": "SECONDS"}]}}. A document this
 * version cannot read is left out of the list (and logged), never fails the page.
 */
public final class DashboardStore {

    static final String NAMESPACE = "dashboards";
    private static final System.Logger LOG = System.getLogger(DashboardStore.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final StateStore state;
    private final Runnable beforeWrite;

    public DashboardStore(StateStore state) {
        this(state, () -> { });
    }

    /**
     * @param beforeWrite runs before every change and throws to refuse it (the signed-in role's check), so no page
     *                    can change a dashboard for a user who may not
     */
    public DashboardStore(StateStore state, Runnable beforeWrite) {
        this.state = state;
        this.beforeWrite = beforeWrite;
    }

    /** Every readable dashboard, by name. */
    public List<Dashboard> list() {
        List<Dashboard> dashboards = new ArrayList<>();
        for (StateStore.Entry entry : state.load(NAMESPACE)) {
            read(entry.key(), entry.json()).ifPresent(dashboards::add);
        }
        dashboards.sort(Comparator.comparing(Dashboard::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Dashboard::id));
        return dashboards;
    }

    public Optional<Dashboard> get(String id) {
        return list().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** A new dashboard with an id derived from the name, made unique against the stored ones. */
    public Dashboard create(String name, List<Panel> panels) {
        beforeWrite.run();
        String base = Dashboard.slug(name);
        List<String> taken = state.load(NAMESPACE).stream().map(StateStore.Entry::key).toList();
        String id = base;
        // Bounded: at most one more candidate than there are stored dashboards.
        for (int n = 2; taken.contains(id) && n <= taken.size() + 2; n++) {
            id = base + "-" + n;
        }
        Dashboard dashboard = new Dashboard(id, name, panels);
        save(dashboard);
        return dashboard;
    }

    public void save(Dashboard dashboard) {
        beforeWrite.run();
        ObjectNode root = JSON.createObjectNode();
        root.put("name", dashboard.name());
        ArrayNode panels = root.putArray("panels");
        for (Panel panel : dashboard.panels()) {
            panels.addObject().put("title", panel.title()).put("query", panel.query()).put("unit", panel.unit().name());
        }
        state.put(NAMESPACE, dashboard.id(), JSON.writeValueAsString(root), null);
    }

    public void delete(String id) {
        beforeWrite.run();
        state.delete(NAMESPACE, id);
    }

    static Optional<Dashboard> read(String id, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<Panel> panels = new ArrayList<>();
            for (JsonNode panel : root.path("panels")) {
                panels.add(new Panel(panel.path("title").asString(), panel.path("query").asString(),
                        ChartUnit.valueOf(panel.path("unit").asString("NONE"))));
            }
            return Optional.of(new Dashboard(id, root.path("name").asString(), panels));
        } catch (JacksonException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Dashboard " + id + " is unreadable and left out: " + e.getMessage());
            return Optional.empty();
        }
    }
}
