package io.fluxtap.dist.reload;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reloads on SIGHUP, as Prometheus and Alertmanager do. The signal is caught through {@code sun.misc.Signal} (the
 * JDK's {@code jdk.unsupported} module); where the JVM does not offer it (or refuses the handler, e.g. with
 * {@code -Xrs}) only {@code POST /-/reload} reloads, and the log says so.
 */
@ApplicationScoped
public class HangupReload {

    private static final Logger LOG = Logger.getLogger(HangupReload.class.getName());

    void install(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) @Initialized(ApplicationScoped.class)
                 Object event, Reloader reloader) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                // The signal thread must not block for long: the reload runs on a thread of its own.
                Thread.ofPlatform().name("fluxtap-sighup-reload").daemon().start(() -> {
                    List<String> errors = reloader.reloadAll("SIGHUP", "signal");
                    if (errors.isEmpty()) {
                        LOG.info(() -> "SIGHUP: reloaded " + String.join(", ", reloader.names()));
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
