package io.fluxtap.alerting.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.alerting.Conformance;
import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.config.ConfigException;
import io.fluxtap.alerting.config.PromDuration;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing per ../shared/conformance/alertmanager/derived/route-match-cases.yaml. */
class RouteTest {

    private static final JsonNode CASES = Conformance.yaml("derived/route-match-cases.yaml");

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesTheExpectedRoutesWithTheirOptionsAndKeys() {
        List<DynamicTest> tests = new ArrayList<>();
        CASES.get("route_trees").properties().forEach(tree -> {
            Route root = Route.of(AlertmanagerConfig.parseRoute(tree.getValue().get("config").asText()));
            for (JsonNode c : tree.getValue().get("cases")) {
                Labels labels = labels(c.get("labels"));
                tests.add(DynamicTest.dynamicTest(tree.getKey() + " " + labels, () -> {
                    List<RouteMatch> matches = root.match(labels);
                    List<String> actual = matches.stream().map(RouteTest::describe).toList();
                    List<String> expected = new ArrayList<>();
                    c.get("expect").forEach(e -> expected.add(describe(e)));
                    assertEquals(expected, actual);
                }));
            }
        });
        assertEquals(16, tests.size());
        return tests.stream();
    }

    @Test
    void walkVisitsParentsBeforeChildrenInOrder() {
        JsonNode tree = CASES.get("route_trees").get("classic_match");
        Route root = Route.of(AlertmanagerConfig.parseRoute(tree.get("config").asText()));
        List<String> receivers = new ArrayList<>();
        root.walk(r -> receivers.add(r.opts().receiver()));
        List<String> expected = new ArrayList<>();
        tree.get("walk_receivers").forEach(r -> expected.add(r.asText()));
        assertEquals(expected, receivers);
    }

    @TestFactory
    Stream<DynamicTest> receiverResolutionAsAmtoolRoutesTest() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : CASES.get("receiver_resolution")) {
            Path file = Conformance.ALERTMANAGER.resolve("derived").resolve(c.get("config").asText()).normalize();
            Labels labels = labels(c.get("labels"));
            tests.add(DynamicTest.dynamicTest(file.getFileName() + " " + labels, () -> {
                Route root = Route.of(AlertmanagerConfig.load(file).route());
                List<String> expected = new ArrayList<>();
                c.get("receivers").forEach(r -> expected.add(r.asText()));
                assertEquals(expected, root.match(labels).stream().map(m -> m.opts().receiver()).toList());
            }));
        }
        assertEquals(4, tests.size());
        return tests.stream();
    }

    @Test
    void routeIdsAreUniqueEvenForEqualSiblings() {
        Route root = Route.of(AlertmanagerConfig.parseRoute("""
                receiver: r
                routes:
                - matchers: [a="1"]
                - matchers: [a="1"]
                """));
        assertEquals("{}", root.id());
        assertEquals(List.of("{}/{a=\"1\"}/0", "{}/{a=\"1\"}/1"), root.routes().stream().map(Route::id).toList());
        assertEquals("{}/{a=\"1\"}/0", root.match(Labels.of("a", "1")).getFirst().routeId());
        Set<String> ids = new HashSet<>();
        root.walk(r -> assertTrue(ids.add(r.id())));
    }

    @Test
    void anAlertNoChildMatchesGoesToTheRoot() {
        Route root = Route.of(AlertmanagerConfig.parseRoute("""
                receiver: default
                group_by: [alertname]
                routes:
                - matchers: [team="a"]
                  receiver: a
                """));
        List<RouteMatch> matches = root.match(Labels.of("team", "b"));
        assertEquals(1, matches.size());
        assertEquals("{}", matches.getFirst().routeKey());
        assertEquals("default", matches.getFirst().opts().receiver());
        assertEquals(Set.of("alertname"), matches.getFirst().opts().groupBy());
    }

    @Test
    void routeLabelsAreMergedDownButTimeIntervalsAreTheRoutesOwn() {
        Route root = Route.of(AlertmanagerConfig.parseRoute("""
                receiver: default
                labels: {reason: root, team: ops}
                routes:
                - matchers: [a="1"]
                  labels: {reason: child}
                  mute_time_intervals: [nights]
                  routes:
                  - matchers: [b="1"]
                  - matchers: [c="1"]
                    mute_time_intervals: []
                """));
        Route child = root.routes().getFirst();
        assertEquals(Map.of("reason", "child", "team", "ops"), child.routes().getFirst().labels());
        assertEquals(List.of("nights"), child.opts().muteTimeIntervals());
        // Alertmanager 0.25 and main copy time intervals from the route itself (upstream issues #2833, #3211).
        assertEquals(List.of(), child.routes().getFirst().opts().muteTimeIntervals());
        assertEquals(List.of(), child.routes().get(1).opts().muteTimeIntervals());
    }

    @Test
    void anEmptyGroupByOverridesTheParentsOne() {
        Route root = Route.of(AlertmanagerConfig.parseRoute("""
                receiver: default
                group_by: [alertname]
                routes:
                - matchers: [a="1"]
                  group_by: []
                """));
        assertEquals(Set.of(), root.match(Labels.of("a", "1")).getFirst().opts().groupBy());
    }

    @Test
    void anInvalidMatcherInARouteIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parseRoute("""
                receiver: default
                routes:
                - matchers: ['a=~"("']
                """));
        assertTrue(e.getMessage().contains("invalid regular expression"), e.getMessage());
    }

    private static String describe(RouteMatch m) {
        List<String> groupBy = new ArrayList<>(m.opts().groupBy());
        groupBy.sort(null);
        return m.opts().receiver() + " groupBy=" + groupBy + " all=" + m.opts().groupByAll() + " wait="
                + m.opts().groupWait() + " interval=" + m.opts().groupInterval() + " repeat="
                + m.opts().repeatInterval() + " key=" + m.routeKey();
    }

    private static String describe(JsonNode e) {
        List<String> groupBy = new ArrayList<>();
        e.get("group_by").forEach(g -> groupBy.add(g.asText()));
        groupBy.sort(null);
        return e.get("receiver").asText() + " groupBy=" + groupBy + " all=" + e.get("group_by_all").asBoolean()
                + " wait=" + PromDuration.parse(e.get("group_wait").asText()) + " interval="
                + PromDuration.parse(e.get("group_interval").asText()) + " repeat="
                + PromDuration.parse(e.get("repeat_interval").asText()) + " key=" + e.get("key").asText();
    }

    static Labels labels(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(p -> map.put(p.getKey(), p.getValue().asText()));
        return Labels.of(map);
    }
}
