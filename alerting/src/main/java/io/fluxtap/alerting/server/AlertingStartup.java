package io.fluxtap.alerting.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts alerting with the container and reloads it on SIGHUP, as Prometheus and Alertmanager do. The signal is
 * caught through {@code sun.misc.Signal} (the JDK's {@code jdk.unsupported} module); where the JVM does not offer it
 * (or refuses the handler, e.g. with {@code -Xrs}) only {@code POST /-/reload} reloads, and the log says so.
 */
@ApplicationScoped
public class AlertingStartup {

    private static final Logger LOG = Logger.getLogger(AlertingStartup.class.getName());

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
               Alerting alerting) {
        alerting.start();
        installHangup(alerting);
    }

    private static void installHangup(Alerting alerting) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                // The signal thread must not block for long: the reload runs on a thread of its own.
                Thread.ofPlatform().name("fluxtap-sighup-reload").daemon().start(() -> {
                    List<String> errors = alerting.reload();
                    if (errors.isEmpty()) {
                        LOG.info("SIGHUP: rules and Alertmanager configuration reloaded");
                    } else {
                        LOG.warning(() -> "SIGHUP: reload failed, the previous configuration keeps running: "
                                + String.join("; ", errors));
                    }
                });
            });
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "SIGHUP cannot be handled in this JVM (" + e + "): reload with POST /-/reload");
        }
    }
}
