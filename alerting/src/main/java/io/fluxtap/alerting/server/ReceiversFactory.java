package io.fluxtap.alerting.server;

import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.config.Receiver;
import io.fluxtap.alerting.notify.Integration;
import io.fluxtap.alerting.notify.Receivers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The seam to the notifier integrations: builds the {@link Receivers} (each receiver's webhook, Slack and PagerDuty
 * senders) of a loaded configuration, at start and at every successful reload. The HTTP senders provide it as a CDI
 * bean; without one, {@link #silent} runs (every receiver without integrations: routing, grouping, silences and the
 * API work, nothing is delivered, and the start-up log says so).
 */
@FunctionalInterface
public interface ReceiversFactory {

    Receivers create(AlertmanagerConfig config);

    /** Every configured receiver, none with an integration. */
    static Receivers silent(AlertmanagerConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (Receiver receiver : config.receivers()) {
            names.add(receiver.name());
        }
        Set<String> frozen = Set.copyOf(names);
        return new Receivers() {
            @Override
            public Set<String> names() {
                return frozen;
            }

            @Override
            public List<Integration> integrations(String receiver) {
                return List.of();
            }
        };
    }
}
