package io.fluxtap.alerting.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The effective options of one route after inheritance, as Alertmanager's {@code dispatch.RouteOpts}.
 *
 * @param receiver            the receiver's name
 * @param groupBy             the labels alerts are grouped by (ignored when {@code groupByAll})
 * @param groupByAll          {@code group_by: ['...']}: every label, so no aggregation
 * @param groupWait           wait before a new group's first notification (default 30s)
 * @param groupInterval       between a group's notifications of changes (default 5m)
 * @param repeatInterval      before an unchanged notification is sent again (default 4h)
 * @param muteTimeIntervals   names of time intervals in which the route is muted
 * @param activeTimeIntervals names of time intervals outside of which the route is muted (empty: always active)
 */
public record RouteOpts(String receiver, Set<String> groupBy, boolean groupByAll, Duration groupWait,
                        Duration groupInterval, Duration repeatInterval, List<String> muteTimeIntervals,
                        List<String> activeTimeIntervals) {

    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    public RouteOpts {
        Objects.requireNonNull(receiver, "receiver");
        groupBy = Set.copyOf(groupBy);
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }
}
