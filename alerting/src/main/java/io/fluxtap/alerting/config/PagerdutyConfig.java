package io.fluxtap.alerting.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code <pagerduty_config>} with Alertmanager's defaults: template strings raw, rendered by the notifier.
 * {@link #routingKey()} selects Events API v2, {@link #serviceKey()} the old v1 API; one of them is set.
 *
 * @param details the custom details: the configured ones (strings are templates; maps, lists, numbers as YAML gave
 *                them) plus the defaults ({@code firing}, {@code resolved}, {@code num_firing},
 *                {@code num_resolved}) for keys not configured
 */
public record PagerdutyConfig(boolean sendResolved, Secret routingKey, Secret serviceKey, String url, String client,
                              String clientUrl, String description, Map<String, Object> details, List<Image> images,
                              List<Link> links, String source, String severity, String clazz, String component,
                              String group, HttpConfig httpConfig, Duration timeout) {

    public static final String DEFAULT_CLIENT = "{{ template \"pagerduty.default.client\" . }}";
    public static final String DEFAULT_CLIENT_URL = "{{ template \"pagerduty.default.clientURL\" . }}";
    public static final String DEFAULT_DESCRIPTION = "{{ template \"pagerduty.default.description\" .}}";
    public static final String DEFAULT_SEVERITY = "error";
    public static final Map<String, String> DEFAULT_DETAILS = Map.of(
            "firing", "{{ .Alerts.Firing | toJson }}",
            "resolved", "{{ .Alerts.Resolved | toJson }}",
            "num_firing", "{{ .Alerts.Firing | len }}",
            "num_resolved", "{{ .Alerts.Resolved | len }}");

    public record Image(String src, String alt, String href) {
    }

    public record Link(String href, String text) {
    }
}
