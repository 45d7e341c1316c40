package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.clock.Scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds Alertmanager's pipeline ({@code PipelineBuilder.New}): per receiver, inhibition mute, active time, mute
 * time, silence mute, then a fan-out to every integration of: dedup, retry, log. Alertmanager's gossip-settle and
 * wait stages are for clusters, which Fluxtap is not, so they are left out.
 */
public final class NotificationPipeline {

    private NotificationPipeline() {
    }

    /**
     * @param inhibitor the inhibit rules ({@code (labels, at) -> false} for none)
     * @param silencer  the silences
     * @param fanout    where the integrations of a receiver run (tests: {@code Runnable::run})
     */
    public static RoutingStage build(Receivers receivers, Muter inhibitor, Muter silencer,
                                     TimeIntervalLookup intervals,
                                     NotificationLog log, NotifyMetrics metrics, Backoff backoff,
                                     Scheduler scheduler, Executor fanout) {
        Map<String, Stage> byReceiver = new HashMap<>();
        for (String name : receivers.names()) {
            List<Stage> perIntegration = new ArrayList<>();
            for (Integration integration : receivers.integrations(name)) {
                ReceiverKey key = new ReceiverKey(name, integration.name(), integration.index());
                perIntegration.add(MultiStage.of(
                        new DedupStage(log, key, integration.sendResolved()),
                        new RetryStage(integration, name, metrics, backoff, scheduler),
                        new SetNotifiesStage(log, key)));
            }
            byReceiver.put(name, MultiStage.of(
                    new MuteStage(inhibitor),
                    new TimeMuteStage(intervals, true),
                    new TimeMuteStage(intervals, false),
                    new MuteStage(silencer),
                    new FanoutStage(perIntegration, fanout)));
        }
        return new RoutingStage(byReceiver);
    }
}
