package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.api.Labels;

import java.util.List;

/**
 * One aggregation group as the API v2's {@code alerts/groups} shows it (Alertmanager's {@code dispatch.AlertGroup}).
 *
 * @param labels   the group labels
 * @param receiver the route's receiver
 * @param groupKey {@code routeKey + ":" + labels}
 * @param routeId  the route's id in the tree
 * @param alerts   the group's alerts that passed the filter, in Alertmanager's alert order
 */
public record AlertGroup(Labels labels, String receiver, String groupKey, String routeId, List<StoredAlert> alerts) {

    public AlertGroup {
        alerts = List.copyOf(alerts);
    }
}
