package io.fluxtap.ui;

import java.util.List;

/**
 * How the dashboard reaches the services it shows. In the server it is backed by CDI, so the dashboard and
 * the REST API share one instance of each service; tests back it with plain objects.
 */
public interface ServiceLookup {

    /**
     * The one service of this type.
     *
     * @throws IllegalStateException when there is none or more than one
     */
    <T> T get(Class<T> type);

    /** Every service of this type, in no particular order; empty when there is none. */
    <T> List<T> all(Class<T> type);
}
