package io.fluxtap.alerting.dispatch;

import java.util.Objects;

/**
 * One route an alert matched: what the dispatcher needs to put it into an aggregation group.
 *
 * @param routeKey Alertmanager's route key, e.g. {@code {}/{severity="critical"}}: the first half of a group key
 * @param routeId  the route key plus the route's position among equal siblings, unique in the tree
 * @param opts     the route's effective options
 */
public record RouteMatch(String routeKey, String routeId, RouteOpts opts) {

    public RouteMatch {
        Objects.requireNonNull(routeKey, "routeKey");
        Objects.requireNonNull(routeId, "routeId");
        Objects.requireNonNull(opts, "opts");
    }
}
