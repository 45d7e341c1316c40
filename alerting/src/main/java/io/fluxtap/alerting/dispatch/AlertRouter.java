package io.fluxtap.alerting.dispatch;

import io.fluxtap.api.Labels;

import java.util.List;

/** The route tree as the dispatcher sees it: every route an alert's labels match, in the tree's walk order. */
@FunctionalInterface
public interface AlertRouter {

    /** Never empty: an alert no child matches goes to the root route. */
    List<RouteMatch> match(Labels labels);
}
