package io.fluxtap.alerting.notify;

import java.util.Objects;

/**
 * One integration of one receiver, as Alertmanager's {@code nflogpb.Receiver}: the notification log keeps one entry
 * per group key and receiver key.
 *
 * @param receiver    the receiver's name
 * @param integration the integration's kind ({@code webhook}, {@code slack}, {@code pagerduty})
 * @param index       its position among the receiver's integrations of that kind
 */
public record ReceiverKey(String receiver, String integration, int index) {

    public ReceiverKey {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(integration, "integration");
    }

    /** Alertmanager's text form, {@code receiver/integration/index}. */
    @Override
    public String toString() {
        return receiver + "/" + integration + "/" + index;
    }
}
