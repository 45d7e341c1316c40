package io.fluxtap.alerting.config;

import java.time.Duration;
import java.util.List;

/**
 * A {@code <slack_config>} with Alertmanager's defaults filled in: template strings are raw, rendered by the
 * notifier with {@code default.tmpl}. The notifier POSTs to {@link #apiUrl()} with {@link #httpConfig()}: an
 * incoming-webhook URL, or with a bot token ({@link #appToken()} not null) the {@link #appUrl()}, the token then
 * being {@code httpConfig().authorization()} as Alertmanager sets it.
 */
public record SlackConfig(boolean sendResolved, Secret apiUrl, Secret appToken, String appUrl, HttpConfig httpConfig,
                          String channel, String username, String color, String title, String titleLink,
                          String pretext, String text, List<Field> fields, boolean shortFields, String footer,
                          String fallback, String callbackId, String iconEmoji, String iconUrl, String imageUrl,
                          String thumbUrl, boolean linkNames, List<String> mrkdwnIn, List<Action> actions,
                          String messageText, boolean updateMessage, Duration timeout) {

    public static final String DEFAULT_USERNAME = "{{ template \"slack.default.username\" . }}";
    public static final String DEFAULT_COLOR = "{{ template \"slack.default.color\" . }}";
    public static final String DEFAULT_TITLE = "{{ template \"slack.default.title\" . }}";
    public static final String DEFAULT_TITLE_LINK = "{{ template \"slack.default.titlelink\" . }}";
    public static final String DEFAULT_PRETEXT = "{{ template \"slack.default.pretext\" . }}";
    public static final String DEFAULT_TEXT = "{{ template \"slack.default.text\" . }}";
    public static final String DEFAULT_FALLBACK = "{{ template \"slack.default.fallback\" . }}";
    public static final String DEFAULT_CALLBACK_ID = "{{ template \"slack.default.callbackid\" . }}";
    public static final String DEFAULT_ICON_EMOJI = "{{ template \"slack.default.iconemoji\" . }}";
    public static final String DEFAULT_ICON_URL = "{{ template \"slack.default.iconurl\" . }}";
    public static final String DEFAULT_FOOTER = "{{ template \"slack.default.footer\" . }}";
    public static final List<String> DEFAULT_MRKDWN_IN = List.of("fallback", "pretext", "text");

    /** @param isShort null: the config's {@code short_fields} */
    public record Field(String title, String value, Boolean isShort) {
    }

    public record Action(String type, String text, String url, String style, String name, String value,
                         Confirm confirm) {
    }

    public record Confirm(String text, String title, String okText, String dismissText) {
    }
}
