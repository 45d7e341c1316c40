package io.fluxtap.api;

/** The three ingest lanes of DESIGN.md, in priority order: a lower ordinal is always served first. */
public enum Lane {
    /** Business messages: never dropped, acknowledged after fsync. */
    P0,
    /** Logs at INFO and above and audit records: delayed under pressure, never lost. */
    P1,
    /** Metrics, spans, DEBUG/TRACE logs: shed first, every drop counted. */
    P2;

    public String label() {
        return name();
    }
}
