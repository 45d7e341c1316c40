package io.fluxtap.dist.observability;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Turns {@code fluxtap.observability.*} into the SDK's {@code otel.*} settings when Helidon's telemetry builds its
 * SDK (loaded through META-INF/services): off, the shipped {@code otel.*} (no exporter) stand; on, spans and logs go
 * to the {@value SelfTelemetryExporters#NAME} exporters, sampled parent-based at the configured rate.
 */
public final class SelfTelemetryCustomizer implements AutoConfigurationCustomizerProvider {

    @Override
    public void customize(AutoConfigurationCustomizer customizer) {
        customizer.addPropertiesCustomizer(config -> properties(
                SelfTelemetrySettings.from(ConfigProvider.getConfig())));
    }

    static Map<String, String> properties(SelfTelemetrySettings settings) {
        if (!settings.enabled()) {
            return Map.of();
        }
        Map<String, String> otel = new HashMap<>();
        otel.put("otel.traces.exporter", SelfTelemetryExporters.NAME);
        otel.put("otel.logs.exporter", SelfTelemetryExporters.NAME);
        otel.put("otel.service.name", settings.serviceName());
        otel.put("otel.traces.sampler", "parentbased_traceidratio");
        otel.put("otel.traces.sampler.arg", Double.toString(settings.traceSampleRate()));
        if (!settings.resourceAttributes().isEmpty()) {
            otel.put("otel.resource.attributes", settings.resourceAttributes().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        // Short batches: an operator looking for the request just made should not wait the SDK's default 5 s.
        otel.put("otel.bsp.schedule.delay", "1000");
        otel.put("otel.blrp.schedule.delay", "1000");
        return otel;
    }
}
