package io.fluxtap.dist.reload;

import io.fluxtap.api.Reloadable;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reloads every {@link Reloadable} of the server, one after the other (two reloads never interleave); each that fails
 * keeps its previous configuration, and the errors of all are returned together.
 */
@ApplicationScoped
public class Reloader {

    private static final Logger LOG = Logger.getLogger(Reloader.class.getName());

    private final Instance<Reloadable> reloadables;
    private final Instance<AuditTrail> audit;

    @Inject
    public Reloader(Instance<Reloadable> reloadables, Instance<AuditTrail> audit) {
        this.reloadables = reloadables;
        this.audit = audit;
    }

    /**
     * Reloads everything and audits it (issue #17: a reload is how rule and configuration changes take effect, so
     * its record says what was reloaded and how it went).
     *
     * @param who  who asked, e.g. {@code SIGHUP}; null for the caller of the request being served
     * @param from where from; null for the request's client address
     */
    public synchronized List<String> reloadAll(String who, String from) {
        List<String> errors = reloadAll();
        String what = String.join(", ", names()) + (errors.isEmpty() ? ": reloaded"
                : ": failed, the previous configuration keeps running: " + String.join("; ", errors));
        audit.stream().forEach(trail -> trail.record(new AuditEntry("reload", errors.isEmpty() ? "reload"
                : "reload failed", who, from, what)));
        return errors;
    }

    private List<String> reloadAll() {
        List<String> errors = new ArrayList<>();
        for (Reloadable reloadable : reloadables) {
            try {
                errors.addAll(reloadable.reload());
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.SEVERE, "reloading " + reloadable.name() + " failed", e);
                errors.add(reloadable.name() + ": " + e);
            }
        }
        return errors;
    }

    /** The names of what reloads, for log lines. */
    public List<String> names() {
        return reloadables.stream().map(Reloadable::name).toList();
    }
}
