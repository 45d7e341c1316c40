package io.fluxtap.alerting.notify;

import java.util.List;
import java.util.Set;

/** The configured receivers and their integrations, as the pipeline is built from them. */
public interface Receivers {

    Set<String> names();

    /** The receiver's integrations in configuration order (empty: a receiver that sends nothing). */
    List<Integration> integrations(String receiver);
}
