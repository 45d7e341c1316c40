package io.fluxtap.ingestion.scrape.relabel;

/** Prometheus' relabelling actions, by the names its configuration uses. */
public enum RelabelAction {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE
}
