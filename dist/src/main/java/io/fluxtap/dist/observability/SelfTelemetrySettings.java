package io.fluxtap.dist.observability;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.eclipse.microprofile.config.Config;

/**
 * {@code fluxtap.observability.*}: whether Fluxtap traces its own requests and ships its own logs, and where to.
 *
 * @param enabled             {@value #ENABLED_KEY}
 * @param serviceName         {@code service.name} of its spans and logs
 * @param otlpEndpoint        an OTLP/HTTP base URL ({@code http://collector:4318}); empty: into Fluxtap itself
 * @param traceSampleRate     the fraction of its own traces kept (parent-based: a caller's sampled trace is kept)
 * @param resourceAttributes  more resource attributes
 * @param logLevel            the least level of its own log records that are shipped
 */
public record SelfTelemetrySettings(boolean enabled, String serviceName, Optional<URI> otlpEndpoint,
                                    double traceSampleRate, Map<String, String> resourceAttributes, Level logLevel) {

    public static final String ENABLED_KEY = "fluxtap.observability.enabled";
    public static final String SERVICE_NAME_KEY = "fluxtap.observability.service-name";
    public static final String ENDPOINT_KEY = "fluxtap.observability.otlp-endpoint";
    public static final String SAMPLE_RATE_KEY = "fluxtap.observability.trace-sample-rate";
    public static final String RESOURCE_KEY = "fluxtap.observability.resource-attributes";
    public static final String LOG_LEVEL_KEY = "fluxtap.observability.log-level";
    public static final String DEFAULT_SERVICE_NAME = "fluxtap";

    public SelfTelemetrySettings {
        if (!(traceSampleRate >= 0 && traceSampleRate <= 1)) {
            throw new IllegalArgumentException(SAMPLE_RATE_KEY + " must be between 0 and 1, not " + traceSampleRate);
        }
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException(SERVICE_NAME_KEY + " must not be empty");
        }
        resourceAttributes = Map.copyOf(resourceAttributes);
    }

    /** @throws IllegalArgumentException for a malformed setting, so the server does not start half-observed */
    public static SelfTelemetrySettings from(Config config) {
        boolean enabled = config.getOptionalValue(ENABLED_KEY, Boolean.class).orElse(false);
        String service = config.getOptionalValue(SERVICE_NAME_KEY, String.class).orElse(DEFAULT_SERVICE_NAME).strip();
        Optional<URI> endpoint = config.getOptionalValue(ENDPOINT_KEY, String.class).map(String::strip)
                .filter(s -> !s.isEmpty()).map(SelfTelemetrySettings::endpoint);
        double rate = config.getOptionalValue(SAMPLE_RATE_KEY, Double.class).orElse(1.0);
        Map<String, String> resource = attributes(config.getOptionalValue(RESOURCE_KEY, String.class).orElse(""));
        Level level = level(config.getOptionalValue(LOG_LEVEL_KEY, String.class).orElse("INFO"));
        return new SelfTelemetrySettings(enabled, service, endpoint, rate, resource, level);
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT_KEY + " is not a URL: " + text, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(ENDPOINT_KEY + " must be an http(s) OTLP/HTTP base URL such as "
                    + "http://collector:4318, not " + text);
        }
        return uri;
    }

    /** {@code key=value,key=value}, as {@code OTEL_RESOURCE_ATTRIBUTES}. */
    static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(RESOURCE_KEY + " takes key=value pairs separated by commas, not "
                        + pair.strip());
            }
            attributes.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return attributes;
    }

    private static Level level(String text) {
        try {
            return Level.parse(switch (text.strip().toUpperCase(java.util.Locale.ROOT)) {
                case "ERROR" -> "SEVERE";
                case "WARN" -> "WARNING";
                case "DEBUG" -> "FINE";
                case "TRACE" -> "FINEST";
                default -> text.strip().toUpperCase(java.util.Locale.ROOT);
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LOG_LEVEL_KEY + " must be a level such as INFO or WARN, not " + text, e);
        }
    }
}
