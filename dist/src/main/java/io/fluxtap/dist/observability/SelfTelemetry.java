package io.fluxtap.dist.observability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
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

    private OpenTelemetry sdk;
    private SelfLogHandler handler;

    /**
     * First of the start-up observers, on or off: Helidon's {@link OpenTelemetry} is resolved and made the global one,
     * which Helidon does not do itself. Background work (warehouse export, retention, rule groups, notifications) asks
     * {@code GlobalOpenTelemetry} for its tracer, and a first such call before anything set it would fix the global
     * to a no-op for good.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
                 Object ignored, Instance<OpenTelemetry> telemetry) {
        if (!telemetry.isResolvable()) {
            return;
        }
        sdk = telemetry.get();
        try {
            GlobalOpenTelemetry.set(sdk);
        } catch (IllegalStateException e) {
            LOG.log(Logger.Level.WARNING, "OpenTelemetry's global was set before Fluxtap's start; background work "
                    + "is traced there: " + e.getMessage());
        }
    }

    /** Once the server serves (Helidon starts at {@code PLATFORM_AFTER + 100}), its log records can be stored. */
    void onReady(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 200) @Initialized(ApplicationScoped.class)
                 Object ignored) {
        SelfTelemetrySettings settings = SelfTelemetrySettings.from(ConfigProvider.getConfig());
        if (sdk == null || !settings.enabled()) {
            return;
        }
        handler = new SelfLogHandler(sdk, settings.logLevel());
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
