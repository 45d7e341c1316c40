package io.fluxtap.alerting.notify.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.alerting.config.PagerdutyConfig;
import io.fluxtap.alerting.template.GoJson;
import io.fluxtap.alerting.notify.http.NotifierHttpClient;
import io.fluxtap.alerting.notify.http.NotifyData;
import io.fluxtap.alerting.notify.http.Retrier;
import io.fluxtap.alerting.notify.http.TemplatedValues;
import io.fluxtap.alerting.notify.http.Truncation;
import io.fluxtap.alerting.template.NotificationData;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Notifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@code pagerduty_config}: with a {@code routing_key} an Events API v2 event to {@code url}, with a
 * {@code service_key} a v1 event to PagerDuty's generic API, as Alertmanager builds them: {@code trigger} while
 * any alert fires, {@code resolve} once all are resolved, the dedup (v1: incident) key the SHA-256 hex of the
 * group key, the summary (v1: description) cut at 1024 runes, the details rendered as Alertmanager's
 * {@code DeepCopyWithTemplate} does, and replaced by an error note when the event would exceed 512 kB.
 * v2 retries 5xx and 429 answers, v1 5xx and 403; a 400 answer's {@code message} and {@code errors} are reported.
 */
public final class PagerdutyNotifier implements Notifier {

    private static final Logger LOG = Logger.getLogger(PagerdutyNotifier.class.getName());
    /** PagerDuty's v1 endpoint (Alertmanager does not let {@code url} change it). */
    public static final String V1_URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";
    static final int MAX_EVENT_BYTES = 512_000;
    static final int MAX_SUMMARY_RUNES = 1024;
    static final String TOO_LARGE = "Custom details have been removed because the original event exceeds the "
            + "maximum size of 512KB";
    static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Retrier V2_RETRIER = new Retrier(Set.of(429));
    private static final Retrier V1_RETRIER = new Retrier(Set.of(403));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PagerdutyConfig config;
    private final NotifierHttpClient client;
    private final NotificationTemplates templates;
    private final String externalUrl;
    private final String v1Url;

    public PagerdutyNotifier(PagerdutyConfig config, NotifierHttpClient client, NotificationTemplates templates,
                             String externalUrl) {
        this(config, client, templates, externalUrl, V1_URL);
    }

    /** @param v1Url where v1 events go (tests point it at a stand-in) */
    public PagerdutyNotifier(PagerdutyConfig config, NotifierHttpClient client, NotificationTemplates templates,
                             String externalUrl, String v1Url) {
        this.config = config;
        this.client = client;
        this.templates = templates;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
        this.v1Url = v1Url;
    }

    /** Alertmanager's {@code notify.Key.Hash}: the lowercase hex SHA-256 of the group key's UTF-8 bytes. */
    public static String dedupKey(String groupKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(groupKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public Outcome notify(Context context, List<Alert> alerts) {
        NotificationData data = NotifyData.of(context, alerts, externalUrl);
        boolean resolved = data.alerts().firing().isEmpty();
        String eventType = resolved ? "resolve" : "trigger";
        boolean v1 = config.routingKey() == null && config.serviceKey() != null;
        Map<String, Object> message;
        try {
            Map<String, Object> details = details(data);
            message = v1 ? v1Message(data, eventType, context.groupKey(), details)
                    : v2Message(data, eventType, context.groupKey(), details);
        } catch (UncheckedIOException e) {
            return Outcome.failed(e.getMessage(), false);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage(), false);
        } catch (RuntimeException e) {
            return Outcome.failed("failed to template PagerDuty " + (v1 ? "v1" : "v2") + " message: "
                    + e.getMessage(), false);
        }
        byte[] body = encode(message, v1);
        Duration timeout = Retrier.requestTimeout(config.timeout(), context.now(), context.deadline(),
                FALLBACK_TIMEOUT);
        NotifierHttpClient.Response response;
        try {
            response = client.post(v1 ? v1Url : config.url(), "application/json", body, timeout);
        } catch (IOException e) {
            return Retrier.unanswered(v1 ? "failed to post message to PagerDuty v1"
                    : "failed to post message to PagerDuty", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("PagerDuty request interrupted", true);
        }
        return (v1 ? V1_RETRIER : V2_RETRIER).check(response.status(), errorDetails(response));
    }

    private Map<String, Object> details(NotificationData data) {
        Map<String, Object> details = new LinkedHashMap<>();
        config.details().forEach((key, value) -> {
            try {
                details.put(key, TemplatedValues.render(value, text -> templates.render(text, data)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("failed to render details: " + e.getMessage(), e);
            }
        });
        return GoJson.goMap(details);
    }

    private Map<String, Object> v2Message(NotificationData data, String eventType, String groupKey,
                                          Map<String, Object> details) {
        String severity = config.severity() == null || config.severity().isEmpty() ? "error" : config.severity();
        Truncation.Truncated summary = Truncation.inRunes(render(config.description(), data), MAX_SUMMARY_RUNES);
        if (summary.truncated()) {
            LOG.log(Level.WARNING, "Truncated summary (key {0}, max_runes {1})",
                    new Object[]{groupKey, MAX_SUMMARY_RUNES});
        }
        String routingKey = render(config.routingKey().value(), data);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", summary.text());
        payload.put("source", render(config.source(), data));
        payload.put("severity", render(severity, data));
        omitEmpty(payload, "class", render(config.clazz(), data));
        omitEmpty(payload, "component", render(config.component(), data));
        omitEmpty(payload, "group", render(config.group(), data));
        if (!details.isEmpty()) {
            payload.put("custom_details", details);
        }
        List<Object> images = new ArrayList<>();
        for (PagerdutyConfig.Image image : config.images()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("src", render(image.src(), data));
            i.put("alt", render(image.alt(), data));
            i.put("href", render(image.href(), data));
            if (!((String) i.get("src")).isEmpty()) {
                images.add(i);
            }
        }
        List<Object> links = new ArrayList<>();
        for (PagerdutyConfig.Link link : config.links()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("href", render(link.href(), data));
            l.put("text", render(link.text(), data));
            if (!((String) l.get("href")).isEmpty()) {
                links.add(l);
            }
        }
        if (routingKey.isEmpty()) {
            throw new IllegalArgumentException("routing key cannot be empty");
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("routing_key", routingKey);
        message.put("dedup_key", dedupKey(groupKey));
        message.put("event_action", eventType);
        message.put("payload", payload);
        omitEmpty(message, "client", render(config.client(), data));
        omitEmpty(message, "client_url", render(config.clientUrl(), data));
        if (!images.isEmpty()) {
            message.put("images", images);
        }
        if (!links.isEmpty()) {
            message.put("links", links);
        }
        return message;
    }

    private Map<String, Object> v1Message(NotificationData data, String eventType, String groupKey,
                                          Map<String, Object> details) {
        Truncation.Truncated description = Truncation.inRunes(render(config.description(), data),
                MAX_SUMMARY_RUNES);
        if (description.truncated()) {
            LOG.log(Level.WARNING, "Truncated description (key {0}, max_runes {1})",
                    new Object[]{groupKey, MAX_SUMMARY_RUNES});
        }
        String serviceKey = render(config.serviceKey().value(), data);
        String client = "";
        String clientUrl = "";
        if (eventType.equals("trigger")) {
            client = render(config.client(), data);
            clientUrl = render(config.clientUrl(), data);
        }
        if (serviceKey.isEmpty()) {
            throw new IllegalArgumentException("service key cannot be empty");
        }
        // Alertmanager's one message struct serves both versions: event_action and payload have no omitempty.
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("service_key", serviceKey);
        message.put("incident_key", dedupKey(groupKey));
        message.put("event_type", eventType);
        omitEmpty(message, "description", description.text());
        message.put("event_action", "");
        message.put("payload", null);
        omitEmpty(message, "client", client);
        omitEmpty(message, "client_url", clientUrl);
        if (!details.isEmpty()) {
            message.put("details", details);
        }
        return message;
    }

    /** The event, or with its details replaced by a note when it is larger than PagerDuty takes. */
    @SuppressWarnings("unchecked")
    private static byte[] encode(Map<String, Object> message, boolean v1) {
        byte[] body = GoJson.encode(message).getBytes(StandardCharsets.UTF_8);
        if (body.length <= MAX_EVENT_BYTES) {
            return body;
        }
        LOG.log(Level.WARNING, "Truncated Details because message of size {0} bytes exceeds limit {1}",
                new Object[]{String.valueOf(body.length), String.valueOf(MAX_EVENT_BYTES)});
        Map<String, Object> note = Map.of("error", TOO_LARGE);
        if (v1) {
            message.put("details", note);
        } else {
            ((Map<String, Object>) message.get("payload")).put("custom_details", note);
        }
        return GoJson.encode(message).getBytes(StandardCharsets.UTF_8);
    }

    /** Alertmanager's {@code errDetails}: for a 400 answer, its {@code message: errors,...}; else nothing. */
    private static String errorDetails(NotifierHttpClient.Response response) {
        if (response.status() != 400) {
            return "";
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer == null || !answer.isObject()) {
                return "";
            }
            List<String> errors = new ArrayList<>();
            answer.path("errors").forEach(e -> errors.add(e.asText()));
            return answer.path("message").asText("") + ": " + String.join(",", errors);
        } catch (IOException e) {
            return "";
        }
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
