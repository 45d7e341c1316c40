package io.fluxtap.dist.observability;

import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.lang.System.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fluxtap's own observability (issue #17, {@code fluxtap.observability.*}): with it on, Helidon's telemetry traces
 * the API's requests into the {@link SelfTelemetryExporters} (set up by {@link SelfTelemetryCustomizer} as the SDK is
 * built), and this bean attaches {@link SelfLogHandler} to the root logger once the container is up, so Fluxtap's
 * own log records reach the same place with their trace ids.
 */
@ApplicationScoped
public class SelfTelemetry {

    private static final Logger LOG = System.getLogger(SelfTelemetry.class.getName());

    private SelfLogHandler handler;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored, Instance<OpenTelemetry> telemetry) {
        SelfTelemetrySettings settings = SelfTelemetrySettings.from(ConfigProvider.getConfig());
        if (!settings.enabled() || !telemetry.isResolvable()) {
            return;
        }
        handler = new SelfLogHandler(telemetry.get(), settings.logLevel());
        java.util.logging.Logger.getLogger("").addHandler(handler);
        LOG.log(Logger.Level.INFO, "Fluxtap's own traces and logs (" + settings.logLevel().getName() + " and above) go to "
                + settings.otlpEndpoint().map(Object::toString).orElse("Fluxtap itself") + " as service "
                + settings.serviceName() + " (" + SelfTelemetrySettings.ENABLED_KEY + ")");
    }

    @PreDestroy
    void stop() {
        if (handler != null) {
            java.util.logging.Logger.getLogger("").removeHandler(handler);
        }
    }

}
