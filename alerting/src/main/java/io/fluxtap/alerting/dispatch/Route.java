package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.config.RouteConfig;
import io.fluxtap.alerting.matchers.Matchers;
import io.fluxtap.api.Labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The routing tree as Alertmanager's {@code dispatch.Route}: each node with its effective options (unset options
 * inherited from the parent, the root from the defaults; mute and active time intervals are the route's own, never
 * inherited, as in Alertmanager), matched depth-first, the first matching child descended
 * into, later siblings tried only after a matching child with {@code continue: true}, the node itself when no
 * child matches.
 *
 * <pre>{@code
 * Route root = Route.of(config.route());
 * for (RouteMatch m : root.match(alert.labels())) {
 *     // m.routeKey() + ":" + group labels is the aggregation group's key; m.opts() its timers and receiver
 * }
 * }</pre>
 */
public final class Route implements AlertRouter {

    private final Route parent;
    private final int position;
    private final Matchers matchers;
    private final boolean continueMatching;
    private final RouteOpts opts;
    private final Map<String, String> labels;
    private final List<Route> routes;
    private final String key;
    private final String id;

    private Route(RouteConfig config, Route parent, int position) {
        this.parent = parent;
        this.position = position;
        this.matchers = config.matchers();
        this.continueMatching = config.continueMatching();
        this.opts = inherit(config, parent == null ? null : parent.opts);
        Map<String, String> merged = new LinkedHashMap<>(parent == null ? Map.of() : parent.labels);
        if (config.labels() != null) {
            merged.putAll(config.labels());
        }
        this.labels = Collections.unmodifiableMap(merged);
        this.key = parent == null ? matchers.toString() : parent.key + "/" + matchers;
        this.id = position < 0 ? key : key + "/" + position;
        List<Route> children = new ArrayList<>(config.routes().size());
        for (int i = 0; i < config.routes().size(); i++) {
            children.add(new Route(config.routes().get(i), this, i));
        }
        this.routes = List.copyOf(children);
    }

    /** The tree under the root route; the root's unset options take Alertmanager's defaults. */
    public static Route of(RouteConfig root) {
        return new Route(root, null, -1);
    }

    private static RouteOpts inherit(RouteConfig c, RouteOpts parent) {
        String receiver = c.receiver() != null ? c.receiver() : parent != null ? parent.receiver() : "";
        java.util.Set<String> groupBy;
        boolean groupByAll;
        if (c.groupBy() != null) {
            groupByAll = c.groupBy().contains("...");
            groupBy = groupByAll ? java.util.Set.of() : java.util.Set.copyOf(c.groupBy());
        } else {
            groupBy = parent != null ? parent.groupBy() : java.util.Set.of();
            groupByAll = parent != null && parent.groupByAll();
        }
        return new RouteOpts(receiver, groupBy, groupByAll,
                c.groupWait() != null ? c.groupWait()
                        : parent != null ? parent.groupWait() : RouteOpts.DEFAULT_GROUP_WAIT,
                c.groupInterval() != null ? c.groupInterval()
                        : parent != null ? parent.groupInterval() : RouteOpts.DEFAULT_GROUP_INTERVAL,
                c.repeatInterval() != null ? c.repeatInterval()
                        : parent != null ? parent.repeatInterval() : RouteOpts.DEFAULT_REPEAT_INTERVAL,
                // Not inherited, unlike the rest: Alertmanager copies them from the route itself (dispatch/route.go;
                // upstream issues #2833, #3211), whatever the README of the conformance material says.
                c.muteTimeIntervals() != null ? c.muteTimeIntervals() : List.of(),
                c.activeTimeIntervals() != null ? c.activeTimeIntervals() : List.of());
    }

    @Override
    public List<RouteMatch> match(Labels labels) {
        List<Route> matched = matchRoutes(labels);
        List<RouteMatch> out = new ArrayList<>(matched.size());
        matched.forEach(r -> out.add(r.toMatch()));
        return out;
    }

    /** The routes the labels match, in walk order; the root when nothing below it matches. */
    public List<Route> matchRoutes(Labels labels) {
        List<Route> all = matchHere(labels);
        return all == null ? List.of(this) : all;
    }

    private List<Route> matchHere(Labels labels) {
        if (!matchers.matches(labels)) {
            return null;
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> matches = child.matchHere(labels);
            if (matches != null) {
                all.addAll(matches);
                if (!child.continueMatching) {
                    break;
                }
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** Every route of the tree, depth-first, parents before children (Alertmanager's {@code Walk}). */
    public void walk(Consumer<Route> visitor) {
        visitor.accept(this);
        routes.forEach(r -> r.walk(visitor));
    }

    public RouteMatch toMatch() {
        return new RouteMatch(key, id, opts);
    }

    /** Alertmanager's route key: each level's sorted matchers joined by "/", e.g. {@code {}/{env="prod"}}. */
    public String key() {
        return key;
    }

    /** The key plus the position among its parent's children, unique in the tree. */
    public String id() {
        return id;
    }

    public RouteOpts opts() {
        return opts;
    }

    public Matchers matchers() {
        return matchers;
    }

    public boolean continueMatching() {
        return continueMatching;
    }

    /** The route labels, merged from the root down (raw template strings). */
    public Map<String, String> labels() {
        return labels;
    }

    public List<Route> routes() {
        return routes;
    }

    public Optional<Route> parent() {
        return Optional.ofNullable(parent);
    }

    /** The index among the parent's children, -1 for the root. */
    public int position() {
        return position;
    }

    @Override
    public String toString() {
        return id;
    }
}
