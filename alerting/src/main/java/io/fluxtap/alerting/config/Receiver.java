package io.fluxtap.alerting.config;

import java.util.List;
import java.util.Map;

/**
 * One {@code <receiver>}: its name and the integrations Fluxtap delivers to, fully typed; every other integration
 * type is validated as Alertmanager does and listed in {@link #unsupported()} so the notifier can log that it will
 * not deliver there.
 *
 * @param name        unique in the config
 * @param labels      receiver labels ({@code name} equals {@link #name()} when given)
 * @param webhooks    {@code webhook_configs}
 * @param slacks      {@code slack_configs}
 * @param pagerduties {@code pagerduty_configs}
 * @param unsupported the other {@code *_configs}, e.g. {@code email_configs[0]}
 */
public record Receiver(String name, Map<String, String> labels, List<WebhookConfig> webhooks, List<SlackConfig> slacks,
                       List<PagerdutyConfig> pagerduties, List<Unsupported> unsupported) {

    public Receiver {
        labels = Map.copyOf(labels);
        webhooks = List.copyOf(webhooks);
        slacks = List.copyOf(slacks);
        pagerduties = List.copyOf(pagerduties);
        unsupported = List.copyOf(unsupported);
    }

    /** An integration configured but not delivered to by Fluxtap. @param type e.g. {@code email_configs} */
    public record Unsupported(String type, int index) {
        @Override
        public String toString() {
            return type + "[" + index + "]";
        }
    }
}
