package io.fluxtap.alerting.config;

import io.fluxtap.alerting.matchers.Matchers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code <route>} as written: unset options are null (so inheritance can tell "not set" from "set"); the
 * effective options come from {@code io.fluxtap.alerting.dispatch.Route}.
 *
 * @param receiver            the receiver's name, or null to inherit
 * @param groupBy             the group_by list as written ({@code ...} included), or null to inherit
 * @param matchers            {@code matchers}, {@code match} and {@code match_re} together, sorted
 * @param labels              route labels, or null to inherit
 * @param continueMatching    {@code continue}
 * @param groupWait           or null to inherit
 * @param groupInterval       or null to inherit
 * @param repeatInterval      or null to inherit
 * @param muteTimeIntervals   names, or null to inherit
 * @param activeTimeIntervals names, or null to inherit
 * @param routes              the child routes, in order
 */
public record RouteConfig(String receiver, List<String> groupBy, Matchers matchers, Map<String, String> labels,
                          boolean continueMatching, Duration groupWait, Duration groupInterval,
                          Duration repeatInterval, List<String> muteTimeIntervals, List<String> activeTimeIntervals,
                          List<RouteConfig> routes) {

    public RouteConfig {
        routes = List.copyOf(routes);
    }
}
