package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.clock.RealScheduler;
import io.fluxtap.alerting.notify.Backoff;
import io.fluxtap.alerting.notify.Integration;
import io.fluxtap.alerting.notify.MemoryNflogStore;
import io.fluxtap.alerting.notify.NotificationLog;
import io.fluxtap.alerting.notify.NotificationPipeline;
import io.fluxtap.alerting.notify.NotifyMetrics;
import io.fluxtap.alerting.notify.Receivers;
import io.fluxtap.alerting.notify.TimeIntervalLookup;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.AlertStore;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.Notifier;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same dispatcher on the wall clock, as the server runs it. */
class RealTimeDispatchTest {

    @Test
    void aGroupIsFlushedAfterGroupWaitOnTheRealScheduler() throws Exception {
        var fanout = Executors.newCachedThreadPool();
        try (RealScheduler scheduler = new RealScheduler(Clock.systemUTC(), "test-dispatch")) {
            CompletableFuture<Notifier.Context> delivered = new CompletableFuture<>();
            Receivers receivers = new Receivers() {
                @Override
                public Set<String> names() {
                    return Set.of("team");
                }

                @Override
                public List<Integration> integrations(String receiver) {
                    return List.of(new Integration("webhook", 0, (context, alerts) -> {
                        delivered.complete(context);
                        return Notifier.Outcome.delivered();
                    }, true));
                }
            };
            NotificationLog log = new NotificationLog(scheduler, new MemoryNflogStore(), Duration.ofHours(1));
            var pipeline = NotificationPipeline.build(receivers, (l, t) -> false, (l, t) -> false,
                    TimeIntervalLookup.NONE, log, NotifyMetrics.NONE, Backoff.alertmanagerDefault(), scheduler, fanout);
            RouteMatch root = new RouteMatch("{}", "{}", new RouteOpts("team", Set.of("alertname"), false,
                    Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofHours(4), List.of(), List.of()));
            Dispatcher dispatcher = new Dispatcher(labels -> List.of(root), pipeline, scheduler,
                    Dispatcher.CLEANUP_INTERVAL);
            AlertStore store = new AlertStore(scheduler, () -> Duration.ofMinutes(5), new AlertMarker());
            dispatcher.start(store);
            store.post(List.of(new Alert(Labels.of("alertname", "Down"), null, scheduler.now(), null, "")));
            Notifier.Context context = delivered.get(10, TimeUnit.SECONDS);
            assertEquals("{}:{alertname=\"Down\"}", context.groupKey());
            assertEquals(context.now().plusSeconds(10), context.deadline(),
                    "a flush has group_interval to notify, but at least Alertmanager's 10 s");
            dispatcher.stop();
        } finally {
            fanout.shutdownNow();
        }
    }
}
