package io.fluxtap.alerting.config;

import java.time.Duration;
import java.util.Map;

/**
 * A {@code <webhook_config>}.
 *
 * @param sendResolved default true
 * @param url          the endpoint ({@code url} or {@code url_file})
 * @param httpConfig   the receiver's, else the global one
 * @param maxAlerts    0: no limit
 * @param timeout      0: none
 * @param payload      custom templated JSON body, or empty for the version-4 payload
 */
public record WebhookConfig(boolean sendResolved, Secret url, HttpConfig httpConfig, int maxAlerts, Duration timeout,
                            Map<String, String> payload) {
}
