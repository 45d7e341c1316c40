package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.dispatch.Harness.Sent;
import io.fluxtap.alerting.notify.MemoryNflogStore;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.fluxtap.alerting.dispatch.Harness.opts;
import static io.fluxtap.alerting.dispatch.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatcherTest {

    private static final RouteOpts ROOT = opts("team", Set.of("alertname"), false, s(30), s(300),
            Duration.ofHours(4));

    private static AlertRouter only(RouteOpts opts) {
        RouteMatch root = new RouteMatch("{}", "{}", opts);
        return labels -> List.of(root);
    }

    private static Harness harness(RouteOpts opts, boolean sendResolved) {
        return new Harness(only(opts), Map.of(opts.receiver(), sendResolved));
    }

    private static Sent sent(long at, String receiver, String groupKey, Labels groupLabels, List<String> firing,
                             List<String> resolved) {
        return new Sent(s(at), receiver, groupKey, groupLabels, firing, resolved);
    }

    @Test
    void firstNotificationAfterGroupWait() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.at(s(29));
        assertEquals(List.of(), h.sent);
        h.at(s(30));
        assertEquals(List.of(sent(30, "team", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"),
                List.of("a"), List.of())), h.sent);
    }

    @Test
    void alertStartedLongerThanGroupWaitAgoFlushesAtOnce() {
        Harness h = harness(ROOT, true);
        h.at(s(100));
        h.fire("Down", "a", s(0)); // started 100 s ago, group_wait 30 s: no wait
        h.scheduler.runDue();
        assertEquals(1, h.sent.size());
        assertEquals(s(100), h.sent.getFirst().at());
        // The ticks then run from that flush.
        h.fire("Down", "b", s(100));
        h.at(s(399));
        assertEquals(1, h.sent.size());
        h.at(s(400));
        assertEquals(List.of("a", "b"), h.sent.get(1).firing());
    }

    @Test
    void groupIntervalTicksRunFromCreationAndNewAlertsDoNotResetThem() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.at(s(30));
        h.at(s(100));
        h.fire("Down", "b", s(100));
        h.at(s(250));
        h.fire("Down", "c", s(250));
        h.at(s(329));
        assertEquals(1, h.sent.size(), "nothing between ticks");
        h.at(s(330)); // 30 s + 5 m, not 100 s or 250 s + anything
        assertEquals(2, h.sent.size());
        assertEquals(s(330), h.sent.get(1).at());
        assertEquals(List.of("a", "b", "c"), h.sent.get(1).firing());
    }

    @Test
    void lateAlertInANotifiedGroupGoesAtTheNextTickOnly() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.at(s(31));
        h.fire("Down", "late", s(31));
        h.at(s(329));
        assertEquals(List.of(List.of("a")), h.sent.stream().map(Sent::firing).toList());
        h.at(s(330));
        assertEquals(List.of(List.of("a"), List.of("a", "late")), h.sent.stream().map(Sent::firing).toList());
        h.at(s(630));
        assertEquals(2, h.sent.size(), "unchanged and repeat_interval not passed: no notification");
    }

    @Test
    void repeatIntervalIsHonouredOnTicksOnly() {
        RouteOpts opts = opts("team", Set.of("alertname"), false, s(30), s(300), Duration.ofMinutes(12));
        Harness h = harness(opts, true);
        h.fire("Down", "a", s(0));
        h.at(s(2000));
        // 30 s first; 330 and 630 are within 12 m of it; 930 is past (15 m); then 1230, 1530 within, 1830 past.
        assertEquals(List.of(s(30), s(930), s(1830)), h.sent.stream().map(Sent::at).toList());
    }

    @Test
    void resolvedIsSentOnceWithSendResolvedThenTheGroupGoes() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.at(s(100));
        h.resolve("Down", "a", s(0));
        h.at(s(2000));
        assertEquals(List.of(
                sent(30, "team", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"), List.of("a"), List.of()),
                sent(330, "team", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"), List.of(),
                        List.of("a"))), h.sent);
        assertEquals(0, h.dispatcher.groupCount(), "removed at the cleanup after the resolved notification");
    }

    @Test
    void resolvedIsNotSentWithoutSendResolvedButTheGroupStillGoes() {
        Harness h = harness(ROOT, false);
        h.fire("Down", "a", s(0));
        h.at(s(100));
        h.resolve("Down", "a", s(0));
        h.at(s(2000));
        assertEquals(List.of(s(30)), h.sent.stream().map(Sent::at).toList());
        assertEquals(0, h.dispatcher.groupCount());
    }

    @Test
    void groupIsRemovedAtTheCleanupAfterFullResolutionAndANewOneWaitsAgain() {
        Harness h = harness(opts("team", Set.of("alertname"), false, s(10), s(300), Duration.ofHours(4)), true);
        h.fire("Down", "a", s(0));
        h.at(s(100));
        h.resolve("Down", "a", s(0));
        h.at(s(310)); // resolved notification; the group is empty now
        assertEquals(List.of(s(10), s(310)), h.sent.stream().map(Sent::at).toList());
        assertEquals(1, h.dispatcher.groupCount(), "kept until the next cleanup");
        h.at(s(330)); // cleanups run every 30 s from the start
        assertEquals(0, h.dispatcher.groupCount());
        h.at(s(400));
        h.fire("Down", "a", s(400));
        h.at(s(409));
        assertEquals(2, h.sent.size());
        h.at(s(410)); // a new group: group_wait again
        assertEquals(3, h.sent.size());
        assertEquals(List.of("a"), h.sent.get(2).firing());
    }

    @Test
    void partialResolution() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.fire("Down", "b", s(0));
        h.at(s(100));
        h.resolve("Down", "b", s(0));
        h.at(s(1000));
        assertEquals(2, h.sent.size());
        assertEquals(List.of("a"), h.sent.get(1).firing());
        assertEquals(List.of("b"), h.sent.get(1).resolved());
        assertEquals(s(330), h.sent.get(1).at());
        assertEquals(1, h.dispatcher.groupCount());
        List<StoredAlert> left = h.dispatcher.groups(r -> true, (a, t) -> true).groups().getFirst().alerts();
        assertEquals(List.of("a"), left.stream().map(a -> a.alert().labels().get("instance")).toList(),
                "the resolved alert leaves the group once notified");
    }

    @Test
    void partialResolutionWithoutSendResolvedSendsNothing() {
        Harness h = harness(ROOT, false);
        h.fire("Down", "a", s(0));
        h.fire("Down", "b", s(0));
        h.at(s(100));
        h.resolve("Down", "b", s(0));
        h.at(s(1000));
        assertEquals(1, h.sent.size(), "the firing set only shrank: Alertmanager sends nothing");
    }

    @Test
    void twoRoutesWithContinueGiveTwoGroups() {
        RouteMatch first = new RouteMatch("{}/{team=\"a\"}", "{}/{team=\"a\"}/0",
                opts("pager", Set.of("alertname"), false, s(10), s(300), Duration.ofHours(4)));
        RouteMatch second = new RouteMatch("{}/{severity=\"page\"}", "{}/{severity=\"page\"}/1",
                opts("chat", Set.of("alertname", "team"), false, s(20), s(300), Duration.ofHours(4)));
        Harness h = new Harness(labels -> List.of(first, second), Map.of("pager", true, "chat", true));
        h.fire("Down", "a", s(0), "team", "a", "severity", "page");
        h.at(s(60));
        assertEquals(List.of(
                sent(10, "pager", "{}/{team=\"a\"}:{alertname=\"Down\"}", Labels.of("alertname", "Down"),
                        List.of("a"), List.of()),
                sent(20, "chat", "{}/{severity=\"page\"}:{alertname=\"Down\", team=\"a\"}",
                        Labels.of("alertname", "Down", "team", "a"), List.of("a"), List.of())), h.sent);
        assertEquals(2, h.dispatcher.groupCount());
        assertEquals(List.of("chat", "pager"),
                h.dispatcher.groups(r -> true, (a, t) -> true).receivers().get(
                        Harness.labels("Down", "a", "team", "a", "severity", "page").fingerprint()));
    }

    @Test
    void groupByAMissingLabelGroupsUnderTheEmptyValue() {
        Harness h = harness(opts("team", Set.of("cluster"), false, s(30), s(300), Duration.ofHours(4)), true);
        h.fire("Down", "a", s(0));
        h.fire("Slow", "b", s(0));
        h.fire("Down", "c", s(0), "cluster", "eu");
        h.at(s(30));
        assertEquals(2, h.dispatcher.groupCount());
        assertEquals(List.of(
                sent(30, "team", "{}:{}", Labels.EMPTY, List.of("a", "b"), List.of()),
                sent(30, "team", "{}:{cluster=\"eu\"}", Labels.of("cluster", "eu"), List.of("c"), List.of())),
                h.sent);
    }

    @Test
    void groupByAllMakesAGroupPerAlert() {
        Harness h = harness(opts("team", Set.of(), true, s(30), s(300), Duration.ofHours(4)), true);
        h.fire("Down", "a", s(0));
        h.fire("Down", "b", s(0));
        h.at(s(30));
        assertEquals(2, h.dispatcher.groupCount());
        assertEquals(List.of("{}:{alertname=\"Down\", instance=\"a\"}", "{}:{alertname=\"Down\", instance=\"b\"}"),
                h.sent.stream().map(Sent::groupKey).sorted().toList());
    }

    @Test
    void inhibitionMutesWhileTheMuterSaysSo() {
        AtomicBoolean inhibited = new AtomicBoolean(true);
        List<Instant> asked = new ArrayList<>();
        Harness h = new Harness(only(ROOT), Map.of("team", true), (labels, at) -> {
            asked.add(at);
            return inhibited.get() && "warning".equals(labels.get("severity"));
        }, (l, t) -> false, new MemoryNflogStore());
        h.fire("Down", "w", s(0), "severity", "warning");
        h.fire("Down", "c", s(0), "severity", "critical");
        h.at(s(30));
        assertEquals(List.of(List.of("c")), h.sent.stream().map(Sent::firing).toList());
        assertTrue(asked.contains(Harness.T0.plus(s(30))), "muters are asked at the flush's tick time");
        inhibited.set(false);
        h.at(s(330));
        assertEquals(List.of(List.of("c"), List.of("c", "w")), h.sent.stream().map(Sent::firing).toList());
    }

    @Test
    void dedupSurvivesARestartOverTheSameNotificationLog() {
        MemoryNflogStore nflogStore = new MemoryNflogStore();
        Harness h = new Harness(only(ROOT), Map.of("team", true), (l, t) -> false, (l, t) -> false, nflogStore);
        h.fire("Down", "a", s(0));
        h.at(s(30));
        assertEquals(1, h.sent.size());
        h.at(s(200));
        h.dispatcher.stop();
        // Restart: a new log, pipeline and dispatcher over the same nflog store; Prometheus re-posts the alert.
        h.start(only(ROOT), (l, t) -> false, (l, t) -> false, nflogStore);
        h.fire("Down", "a", s(0));
        h.at(s(260));
        assertEquals(1, h.sent.size(), "the restarted group flushed at once but the log says it was sent");
        h.fire("Down", "b", s(260));
        h.at(s(560));
        assertEquals(2, h.sent.size());
        assertEquals(List.of("a", "b"), h.sent.get(1).firing());
    }

    @Test
    void dedupWithAFreshLogSendsAgainAfterARestart() {
        Harness h = harness(ROOT, true);
        h.fire("Down", "a", s(0));
        h.at(s(200));
        h.dispatcher.stop();
        h.start(only(ROOT), (l, t) -> false, (l, t) -> false, new MemoryNflogStore());
        h.scheduler.runDue(); // the replayed alert started 200 s ago: no group_wait
        assertEquals(2, h.sent.size(), "without the log the restart notifies again (what the shared store prevents)");
    }

    @Test
    void groupsViewFiltersAndSorts() {
        Harness h = harness(ROOT, true);
        h.fire("Slow", "b", s(0), "job", "x");
        h.fire("Down", "z", s(0), "job", "b");
        h.fire("Down", "y", s(0), "job", "a");
        AlertGroups view = h.dispatcher.groups(r -> true, (a, t) -> true);
        assertEquals(List.of(Labels.of("alertname", "Down"), Labels.of("alertname", "Slow")),
                view.groups().stream().map(AlertGroup::labels).toList());
        assertEquals(List.of("y", "z"), view.groups().getFirst().alerts().stream()
                .map(a -> a.alert().labels().get("instance")).toList(), "by job first");
        AlertGroups filtered = h.dispatcher.groups(r -> true, (a, t) -> "x".equals(a.alert().labels().get("job")));
        assertEquals(1, filtered.groups().size());
        assertEquals(0, h.dispatcher.groups(r -> false, (a, t) -> true).groups().size());
    }
}
