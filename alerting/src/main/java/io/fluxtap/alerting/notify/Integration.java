package io.fluxtap.alerting.notify;

import io.fluxtap.api.Notifier;

import java.util.Objects;

/**
 * One configured integration of a receiver (one entry of its {@code webhook_configs}, {@code slack_configs}, ...).
 *
 * @param name         the kind: {@code webhook}, {@code slack}, {@code pagerduty}
 * @param index        its position among the receiver's integrations of that kind
 * @param notifier     what delivers
 * @param sendResolved the config's {@code send_resolved}
 */
public record Integration(String name, int index, Notifier notifier, boolean sendResolved) {

    public Integration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notifier, "notifier");
    }
}
