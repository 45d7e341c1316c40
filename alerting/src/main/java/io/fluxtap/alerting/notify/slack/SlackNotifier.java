package io.fluxtap.alerting.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.alerting.config.SlackConfig;
import io.fluxtap.alerting.template.GoJson;
import io.fluxtap.alerting.notify.http.NotifierHttpClient;
import io.fluxtap.alerting.notify.http.NotifyData;
import io.fluxtap.alerting.notify.http.Retrier;
import io.fluxtap.alerting.notify.http.Truncation;
import io.fluxtap.alerting.template.NotificationData;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@code slack_config}: one message with one attachment, every text field rendered from the config's templates
 * (Alertmanager's {@code default.tmpl} definitions unless overridden), the title cut at 1024 runes, POSTed as
 * Alertmanager's Slack notifier encodes it, to the incoming-webhook URL or, with a bot token, to {@code app_url}
 * (the token is the {@code http_config}'s Authorization, as the config model resolved it).
 *
 * <p>Answers are judged as Alertmanager does: a non-2xx status fails (5xx retryable); a 2xx JSON answer
 * ({@code chat.postMessage}) must say {@code "ok": true}, a 2xx text answer (incoming webhooks) must be
 * {@code ok}; either error is not retried. {@code update_message} is not supported (messages are always new).
 */
public final class SlackNotifier implements Notifier {

    private static final Logger LOG = Logger.getLogger(SlackNotifier.class.getName());
    static final int MAX_TITLE_RUNES = 1024;
    static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackConfig config;
    private final NotifierHttpClient client;
    private final NotificationTemplates templates;
    private final String externalUrl;

    public SlackNotifier(SlackConfig config, NotifierHttpClient client, NotificationTemplates templates,
                         String externalUrl) {
        this.config = config;
        this.client = client;
        this.templates = templates;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
    }

    @Override
    public Outcome notify(Context context, List<Alert> alerts) {
        NotificationData data = NotifyData.of(context, alerts, externalUrl);
        Map<String, Object> request;
        String url;
        try {
            request = request(data, context.groupKey());
            url = config.apiUrl().value();
        } catch (UncheckedIOException e) {
            return Outcome.failed(e.getMessage(), false);
        } catch (RuntimeException e) {
            return Outcome.failed("failed to render Slack message: " + e.getMessage(), false);
        }
        String channel = (String) request.getOrDefault("channel", "");
        Duration timeout = Retrier.requestTimeout(config.timeout(), context.now(), context.deadline(),
                FALLBACK_TIMEOUT);
        NotifierHttpClient.Response response;
        try {
            response = client.post(url, "application/json",
                    GoJson.encode(request).getBytes(StandardCharsets.UTF_8), timeout);
        } catch (IOException e) {
            return Retrier.unanswered("channel \"" + channel + "\": Slack request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("Slack request interrupted", true);
        }
        Outcome outcome = Retrier.DEFAULT.check(response.status(), response.bodyText());
        if (outcome instanceof Outcome.Failed failed) {
            return Outcome.failed("channel \"" + channel + "\": " + failed.reason(), failed.retryable(),
                    failed.httpStatus());
        }
        return answer(response, channel);
    }

    /** Alertmanager's {@code slackResponseHandler}. */
    private static Outcome answer(NotifierHttpClient.Response response, String channel) {
        String body = response.bodyText();
        int status = response.status();
        if (!response.contentType().startsWith("application/json")) {
            return body.equals("ok") ? Outcome.delivered(status)
                    : Outcome.failed("channel \"" + channel + "\": received an error response from Slack: " + body,
                    false, status);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return Outcome.failed("channel \"" + channel + "\": could not unmarshal JSON response \"" + body + "\"",
                    true, status);
        }
        if (answer == null || !answer.path("ok").asBoolean(false)) {
            return Outcome.failed("channel \"" + channel + "\": error response from Slack: "
                    + (answer == null ? "" : answer.path("error").asText("")), false, status);
        }
        return Outcome.delivered(status);
    }

    /** The request body, its fields in the order (and with the omissions) of Alertmanager's structs. */
    Map<String, Object> request(NotificationData data, String groupKey) {
        Map<String, Object> attachment = new LinkedHashMap<>();
        Truncation.Truncated title = Truncation.inRunes(render(config.title(), data), MAX_TITLE_RUNES);
        if (title.truncated()) {
            LOG.log(Level.WARNING, "Truncated title (key {0}, max_runes {1})",
                    new Object[]{groupKey, MAX_TITLE_RUNES});
        }
        omitEmpty(attachment, "title", title.text());
        omitEmpty(attachment, "title_link", render(config.titleLink(), data));
        omitEmpty(attachment, "pretext", render(config.pretext(), data));
        attachment.put("text", render(config.text(), data));
        attachment.put("fallback", render(config.fallback(), data));
        attachment.put("callback_id", render(config.callbackId(), data));
        if (!config.fields().isEmpty()) {
            List<Object> fields = new ArrayList<>();
            for (SlackConfig.Field field : config.fields()) {
                Map<String, Object> f = new LinkedHashMap<>();
                omitEmpty(f, "title", render(field.title(), data));
                omitEmpty(f, "value", render(field.value(), data));
                f.put("short", field.isShort() != null ? field.isShort() : config.shortFields());
                fields.add(f);
            }
            attachment.put("fields", fields);
        }
        if (!config.actions().isEmpty()) {
            List<Object> actions = new ArrayList<>();
            for (SlackConfig.Action action : config.actions()) {
                Map<String, Object> a = new LinkedHashMap<>();
                omitEmpty(a, "type", render(action.type(), data));
                omitEmpty(a, "text", render(action.text(), data));
                omitEmpty(a, "url", render(action.url(), data));
                omitEmpty(a, "style", render(action.style(), data));
                omitEmpty(a, "name", render(action.name(), data));
                omitEmpty(a, "value", render(action.value(), data));
                if (action.confirm() != null) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    omitEmpty(c, "text", render(action.confirm().text(), data));
                    omitEmpty(c, "title", render(action.confirm().title(), data));
                    omitEmpty(c, "ok_text", render(action.confirm().okText(), data));
                    omitEmpty(c, "dismiss_text", render(action.confirm().dismissText(), data));
                    a.put("confirm", c);
                }
                actions.add(a);
            }
            attachment.put("actions", actions);
        }
        omitEmpty(attachment, "image_url", render(config.imageUrl(), data));
        omitEmpty(attachment, "thumb_url", render(config.thumbUrl(), data));
        attachment.put("footer", render(config.footer(), data));
        omitEmpty(attachment, "color", render(config.color(), data));
        List<String> mrkdwnIn = config.mrkdwnIn() == null || config.mrkdwnIn().isEmpty()
                ? SlackConfig.DEFAULT_MRKDWN_IN : config.mrkdwnIn();
        attachment.put("mrkdwn_in", List.copyOf(mrkdwnIn));

        Map<String, Object> request = new LinkedHashMap<>();
        omitEmpty(request, "channel", render(config.channel(), data));
        omitEmpty(request, "username", render(config.username(), data));
        omitEmpty(request, "icon_emoji", render(config.iconEmoji(), data));
        omitEmpty(request, "icon_url", render(config.iconUrl(), data));
        if (config.linkNames()) {
            request.put("link_names", true);
        }
        omitEmpty(request, "text", render(config.messageText(), data));
        request.put("attachments", List.of(attachment));
        return request;
    }

    private String render(String template, NotificationData data) {
        return template == null ? "" : templates.render(template, data);
    }

    private static void omitEmpty(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
