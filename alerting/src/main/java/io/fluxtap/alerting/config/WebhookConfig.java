package io.fluxtap.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * A {@code <webhook_config>}.
 *
 * @param sendResolved default true
 * @param url          the endpoint ({@code url} or {@code url_file})
 * @param httpConfig   the receiver's, else the global one
 * @param maxAlerts    0: no limit
 * @param timeout      0: none
 * @param payload      the custom body ({@code payload:}) as written, its strings templates, or null for the
 *                     version-4 payload
 */
public record WebhookConfig(boolean sendResolved, Secret url, HttpConfig httpConfig, int maxAlerts, Duration timeout,
                            JsonNode payload) {
}
