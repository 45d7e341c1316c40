package io.fluxtap.alerting.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Starts alerting with the container. Reloading (SIGHUP, {@code POST /-/reload}) belongs to the server, which
 * reloads every {@link io.fluxtap.api.Reloadable}, {@link Alerting} among them.
 */
@ApplicationScoped
public class AlertingStartup {

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
               Alerting alerting) {
        alerting.start();
    }
}
