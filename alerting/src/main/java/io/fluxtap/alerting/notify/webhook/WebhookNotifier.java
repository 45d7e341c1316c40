package io.fluxtap.alerting.notify.webhook;

import io.fluxtap.alerting.config.WebhookConfig;
import io.fluxtap.alerting.template.GoJson;
import io.fluxtap.alerting.notify.http.NotifierHttpClient;
import io.fluxtap.alerting.notify.http.NotifyData;
import io.fluxtap.alerting.notify.http.Retrier;
import io.fluxtap.alerting.notify.http.TemplatedValues;
import io.fluxtap.alerting.template.NotificationData;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code webhook_config}: POSTs Alertmanager's version-4 message ({@code template.Data} plus {@code version},
 * {@code groupKey}, {@code truncatedAlerts}) as Go's encoder writes it, the first {@code max_alerts} alerts only,
 * or the custom {@code payload:} rendered as Alertmanager renders it. The URL is a template too (Alertmanager
 * since 0.28). Only 5xx answers and failed connections are retried (Alertmanager's default Retrier: a 429 is not);
 * error texts carry the answer's body but never the URL, which may hold a token.
 */
public final class WebhookNotifier implements Notifier {

    /** Without a {@code timeout} and outside a flush's deadline, a request may take this long. */
    static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(30);

    private final WebhookConfig config;
    private final NotifierHttpClient client;
    private final NotificationTemplates templates;
    private final String externalUrl;

    public WebhookNotifier(WebhookConfig config, NotifierHttpClient client, NotificationTemplates templates,
                           String externalUrl) {
        this.config = config;
        this.client = client;
        this.templates = templates;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
    }

    @Override
    public Outcome notify(Context context, List<Alert> alerts) {
        int truncated = 0;
        List<Alert> sent = alerts;
        if (config.maxAlerts() > 0 && alerts.size() > config.maxAlerts()) {
            sent = alerts.subList(0, config.maxAlerts());
            truncated = alerts.size() - config.maxAlerts();
        }
        NotificationData data = NotifyData.of(context, sent, externalUrl);
        String body;
        String url;
        try {
            String rawUrl = config.url().value();
            url = rawUrl.contains("{{") ? renderUrl(rawUrl, data) : rawUrl;
            body = config.payload() == null ? GoJson.encode(message(data, context.groupKey(), truncated))
                    : GoJson.encode(TemplatedValues.render(TemplatedValues.fromJson(config.payload()),
                    text -> templates.render(text, data)));
        } catch (UncheckedIOException e) {
            return Outcome.failed("read url_file: " + e.getMessage(), false);
        } catch (RuntimeException e) {
            return Outcome.failed("failed to render webhook message: " + e.getMessage(), false);
        }
        if (url.isEmpty()) {
            return Outcome.failed("webhook URL is empty after templating", false);
        }
        Duration timeout = Retrier.requestTimeout(config.timeout(), context.now(), context.deadline(),
                FALLBACK_TIMEOUT);
        NotifierHttpClient.Response response;
        try {
            response = client.post(url, "application/json", body.getBytes(StandardCharsets.UTF_8), timeout);
        } catch (IOException e) {
            return Retrier.unanswered("webhook request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("webhook request interrupted", true);
        }
        return Retrier.DEFAULT.check(response.status(), response.bodyText());
    }

    private String renderUrl(String rawUrl, NotificationData data) {
        try {
            return templates.render(rawUrl, data);
        } catch (RuntimeException e) {
            // The message would quote the URL, which may hold a token.
            throw new IllegalArgumentException("failed to template webhook URL");
        }
    }

    /** The version-4 message: {@code template.Data}'s fields, then version, groupKey, truncatedAlerts. */
    static Map<String, Object> message(NotificationData data, String groupKey, int truncatedAlerts) {
        Map<String, Object> message = NotifyData.json(data);
        message.put("version", "4");
        message.put("groupKey", groupKey);
        message.put("truncatedAlerts", truncatedAlerts);
        return message;
    }
}
