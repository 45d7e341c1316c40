package io.fluxtap.dist.reload;

import io.fluxtap.api.Reloadable;
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

    @Inject
    public Reloader(Instance<Reloadable> reloadables) {
        this.reloadables = reloadables;
    }

    public synchronized List<String> reloadAll() {
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
