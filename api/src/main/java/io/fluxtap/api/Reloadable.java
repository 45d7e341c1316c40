package io.fluxtap.api;

import java.util.List;

/**
 * A part of the server whose configuration files are read again on {@code SIGHUP} and {@code POST /-/reload}, as
 * Prometheus and Alertmanager reload theirs. The server reloads every one and answers with all their errors.
 */
public interface Reloadable {

    /** What the part's files are, for log lines and error messages (e.g. "rules", "scrape"). */
    String name();

    /**
     * Reads the files again. A file that fails keeps the previous configuration running.
     *
     * @return the errors, each naming its file; empty when everything loaded
     */
    List<String> reload();
}
