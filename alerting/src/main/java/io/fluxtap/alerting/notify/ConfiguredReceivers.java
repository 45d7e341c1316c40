package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.config.HttpConfig;
import io.fluxtap.alerting.config.PagerdutyConfig;
import io.fluxtap.alerting.config.Receiver;
import io.fluxtap.alerting.config.SlackConfig;
import io.fluxtap.alerting.config.WebhookConfig;
import io.fluxtap.alerting.notify.http.NotifierHttpClient;
import io.fluxtap.alerting.notify.http.UnsupportedHttpConfigException;
import io.fluxtap.alerting.notify.pagerduty.PagerdutyNotifier;
import io.fluxtap.alerting.notify.slack.SlackNotifier;
import io.fluxtap.alerting.notify.webhook.WebhookNotifier;
import io.fluxtap.alerting.template.NotificationTemplates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The receivers of an Alertmanager configuration with real notifiers: each {@code webhook_configs},
 * {@code slack_configs} and {@code pagerduty_configs} entry becomes an {@link Integration} named {@code webhook},
 * {@code slack} or {@code pagerduty} with its index in that list and its own HTTP client. What Fluxtap does not
 * deliver to (email, OpsGenie, ... or an {@code http_config} with {@code oauth2}) is logged once, when the
 * receivers are built, and left out; the other integrations of the receiver still work.
 */
public final class ConfiguredReceivers implements Receivers {

    private static final Logger LOG = Logger.getLogger(ConfiguredReceivers.class.getName());

    private final Map<String, List<Integration>> integrations;

    /**
     * @param templates   the notification templates (the defaults and the config's {@code templates:} files)
     * @param externalUrl Alertmanager's {@code --web.external-url}: the notifications' {@code externalURL}
     */
    public ConfiguredReceivers(AlertmanagerConfig config, NotificationTemplates templates, String externalUrl) {
        this(config, templates, externalUrl, NotifierHttpClient::create);
    }

    /** @param clients builds each integration's HTTP client (tests use their own) */
    public ConfiguredReceivers(AlertmanagerConfig config, NotificationTemplates templates, String externalUrl,
                               Function<HttpConfig, NotifierHttpClient> clients) {
        Map<String, List<Integration>> byName = new LinkedHashMap<>();
        for (Receiver receiver : config.receivers()) {
            List<Integration> list = new ArrayList<>();
            for (int i = 0; i < receiver.webhooks().size(); i++) {
                WebhookConfig c = receiver.webhooks().get(i);
                NotifierHttpClient client = client(receiver, "webhook", i, c.httpConfig(), clients);
                if (client != null) {
                    list.add(new Integration("webhook", i, new WebhookNotifier(c, client, templates, externalUrl),
                            c.sendResolved()));
                }
            }
            for (int i = 0; i < receiver.slacks().size(); i++) {
                SlackConfig c = receiver.slacks().get(i);
                NotifierHttpClient client = client(receiver, "slack", i, c.httpConfig(), clients);
                if (client != null) {
                    list.add(new Integration("slack", i, new SlackNotifier(c, client, templates, externalUrl),
                            c.sendResolved()));
                }
            }
            for (int i = 0; i < receiver.pagerduties().size(); i++) {
                PagerdutyConfig c = receiver.pagerduties().get(i);
                NotifierHttpClient client = client(receiver, "pagerduty", i, c.httpConfig(), clients);
                if (client != null) {
                    list.add(new Integration("pagerduty", i,
                            new PagerdutyNotifier(c, client, templates, externalUrl), c.sendResolved()));
                }
            }
            for (Receiver.Unsupported unsupported : receiver.unsupported()) {
                LOG.log(Level.WARNING, "Receiver {0}: {1} is not supported by Fluxtap and will not be notified",
                        new Object[]{receiver.name(), unsupported});
            }
            byName.put(receiver.name(), List.copyOf(list));
        }
        this.integrations = Collections.unmodifiableMap(byName);
    }

    private static NotifierHttpClient client(Receiver receiver, String kind, int index, HttpConfig http,
                                             Function<HttpConfig, NotifierHttpClient> clients) {
        try {
            return clients.apply(http == null ? HttpConfig.DEFAULT : http);
        } catch (UnsupportedHttpConfigException e) {
            LOG.log(Level.WARNING, "Receiver {0}: {1}_configs[{2}] will not be notified: {3}",
                    new Object[]{receiver.name(), kind, String.valueOf(index), e.getMessage()});
            return null;
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(integrations.keySet()));
    }

    @Override
    public List<Integration> integrations(String receiver) {
        return integrations.getOrDefault(receiver, List.of());
    }
}
